import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AccountSASPermissions,
  AccountSASResourceTypes,
  AccountSASServices,
  generateAccountSASQueryParameters,
  SASProtocol,
  StorageSharedKeyCredential,
} from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GitHubFake, startGitHubFake } from '../harness/github-fake.js';
import type { ActionStep, RunnerFiles } from '../harness/run-action.js';
import { bundlePath, runBundle } from '../harness/run-bundle.js';
import { uniqueContainer } from '../harness/target-factory.js';
import { pullRequestPayload } from '../harness/webhook-payloads.js';
import { readWorkflowCommands } from '../harness/workflow-commands.js';
import {
  type ResilienceBed,
  runStep,
  startResilienceBed,
  startStep,
  writeCatalog,
} from './resilience-bed.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const GITHUB_TOKEN = 'ghs_SecretsSuiteToken7f3a9c2e1b4d8f6a0c5e';

let bed: ResilienceBed;
let github: GitHubFake;
let sasToken: string;
let sasConnectionString: string;
let secrets: Record<string, string>;
beforeAll(async () => {
  [bed, github] = await Promise.all([startResilienceBed(), startGitHubFake()]);
  sasToken = generateAccountSASQueryParameters(
    {
      expiresOn: new Date(Date.now() + 3600_000),
      permissions: AccountSASPermissions.parse('rwdlacupitf'),
      resourceTypes: AccountSASResourceTypes.parse('sco').toString(),
      services: AccountSASServices.parse('b').toString(),
      protocol: SASProtocol.Https,
    },
    new StorageSharedKeyCredential(bed.accountName, bed.accountKey),
  ).toString();
  const endpoint = /BlobEndpoint=([^;]+)/.exec(bed.connectionString)?.[1];
  sasConnectionString = `BlobEndpoint=${endpoint};SharedAccessSignature=${sasToken}`;
  secrets = {
    'account key': bed.accountKey,
    'connection string': bed.connectionString,
    'SAS token': sasToken,
    'SAS signature': new URLSearchParams(sasToken).get('sig') ?? 'missing-sig',
    'SAS connection string': sasConnectionString,
    'GitHub token': GITHUB_TOKEN,
  };
});
afterAll(async () => {
  await Promise.all([bed?.stop(), github?.stop()]);
});

interface Captured {
  what: string;
  stdout: string;
  stderr: string;
  files: { path: string; text: string }[];
}

/** Where each secret shows up outside an `::add-mask::` line: it must be nowhere. */
function leaks(captured: Captured): string[] {
  const found: string[] = [];
  const sources = [
    { where: 'stdout', text: captured.stdout },
    { where: 'stderr', text: captured.stderr },
    ...captured.files.map((file) => ({ where: file.path, text: file.text })),
  ];
  for (const { where, text } of sources) {
    for (const line of text.split(/\r?\n/)) {
      if (line.startsWith('::add-mask::')) continue;
      for (const [name, value] of Object.entries(secrets)) {
        if (line.includes(value)) found.push(`${captured.what}: the ${name} appears in ${where}`);
      }
    }
  }
  return found;
}

/** What the runner registers as masks: the data of `::add-mask::` commands, decoded as it decodes them. */
function masked(stdout: string): Set<string> {
  return new Set(readWorkflowCommands(stdout).masks);
}

function capture(what: string, result: { stdout: string; stderr: string }, runner?: RunnerFiles): Captured {
  return {
    what,
    stdout: result.stdout,
    stderr: result.stderr,
    files: runner ? filesUnder(runner.dir) : [],
  };
}

describe('secrets never appear in anything a run writes', () => {
  it('keeps keys, SAS tokens, connection strings and the GitHub token out of logs, outputs, summaries and temp files', async () => {
    const container = uniqueContainer('secrets');
    const catalog = writeCatalog(bed.accountName, container);
    github.setPull(88, { state: 'open' });
    const event = { name: 'pull_request', payload: pullRequestPayload('opened', { number: 88 }) };
    const base = {
      config: catalog.file,
      environment: 'feat',
      'lock-timeout': '5s',
      'github-token': GITHUB_TOKEN,
    };
    const keyEnv = { AZURE_STORAGE_CONNECTION_STRING: bed.connectionString };
    const sasEnv = { AZURE_STORAGE_CONNECTION_STRING: sasConnectionString };
    const captured: Captured[] = [];
    const expectMasks = (stdout: string, names: string[]) => {
      const masks = masked(stdout);
      for (const name of names) expect(masks, `::add-mask:: for the ${name}`).toContain(secrets[name]);
    };

    const provisioned = await runStep(bed, 'provision-env', {
      inputs: { ...base, vars: JSON.stringify({ database_password: 'p@ss-not-a-secret-of-ours' }) },
      event,
      runId: '880001',
      storage: keyEnv,
      githubApiUrl: github.url,
    });
    expect(provisioned.code, provisioned.stdout).toBe(0);
    expectMasks(provisioned.stdout, ['account key', 'connection string', 'GitHub token']);
    captured.push(capture('provision-env (account key)', provisioned, provisioned.runner));

    const viaSas = await runStep(bed, 'provision-env', {
      inputs: { ...base, 'plan-only': 'true' },
      event,
      runId: '880002',
      storage: sasEnv,
      githubApiUrl: github.url,
    });
    expect(viaSas.code, viaSas.stdout).toBe(0);
    expectMasks(viaSas.stdout, ['SAS token', 'SAS connection string', 'GitHub token']);
    captured.push(capture('provision-env (SAS)', viaSas, viaSas.runner));

    const failed = await runStep(bed, 'provision-env', {
      inputs: { ...base, vars: '{"app_sku": ' },
      event,
      runId: '880003',
      storage: keyEnv,
      githubApiUrl: github.url,
    });
    expect(failed.code).not.toBe(0);
    expect(failed.outputs['failure-reason']).toBe('config-error');
    captured.push(capture('provision-env (bad vars)', failed, failed.runner));

    // A runner cancelled mid-apply never cleans up: whatever it left in its temp folders is checked too.
    const killed: ActionStep = startStep(bed, 'provision-env', {
      inputs: { ...base, vars: JSON.stringify({ sleep_seconds: 30, app_sku: 'S2' }) },
      event,
      runId: '880004',
      storage: keyEnv,
      githubApiUrl: github.url,
    });
    await waitForFile(killed, /terrarium\.tfvars\.json$/);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    killed.killTree();
    const killedRun = await killed.done;
    const leftovers = filesUnder(killed.runner.dir);
    expect(leftovers.some((file) => file.path.endsWith('.hcl'))).toBe(true);
    captured.push({
      what: 'provision-env (killed)',
      stdout: killedRun.stdout,
      stderr: killedRun.stderr,
      files: leftovers,
    });

    // The cancelled run is over, so the teardown may break the lease it left.
    github.setWorkflowRun(880004, { status: 'completed', conclusion: 'cancelled' });
    const torn = await runStep(bed, 'teardown-env', {
      inputs: {
        config: catalog.file,
        environment: 'feat',
        'lock-timeout': '5s',
        'github-token': GITHUB_TOKEN,
      },
      event: { name: 'pull_request', payload: pullRequestPayload('closed', { number: 88 }) },
      runId: '880005',
      storage: keyEnv,
      githubApiUrl: github.url,
      env: { INPUT_VARS: JSON.stringify({ sleep_seconds: 0 }) },
    });
    expect(torn.code, torn.stdout.slice(-3000)).toBe(0);
    expectMasks(torn.stdout, ['account key', 'connection string', 'GitHub token']);
    captured.push(capture('teardown-env', torn, torn.runner));

    const configured = await runStep(bed, 'configure-backend', {
      inputs: { config: catalog.file, environment: 'feat' },
      event,
      runId: '880006',
      storage: keyEnv,
    });
    expect(configured.code, configured.stdout.slice(-2000)).toBe(0);
    expectMasks(configured.stdout, ['account key', 'connection string']);
    // By design, configure-backend hands terraform's credential to later steps through GITHUB_ENV
    // (masked first, as configure-aws-credentials does): that runner file, and only that variable, may hold it.
    expect(configured.runner.exported()).toEqual({ ARM_ACCESS_KEY: bed.accountKey });
    const exportedFile = configured.runner.env.GITHUB_ENV;
    captured.push({
      ...capture('configure-backend', configured, configured.runner),
      files: filesUnder(configured.runner.dir).filter((entry) => entry.path !== exportedFile),
    });

    const sweep = await runStep(bed, 'teardown-env', {
      inputs: { config: catalog.file, mode: 'sweep', 'dry-run': 'true', 'github-token': GITHUB_TOKEN },
      event: { name: 'schedule', payload: { schedule: '0 * * * *' } },
      runId: '880007',
      storage: sasEnv,
      githubApiUrl: github.url,
    });
    expect(sweep.code, sweep.stdout.slice(-2000)).toBe(0);
    captured.push(capture('teardown-env sweep (SAS)', sweep, sweep.runner));

    const slo = await runStep(bed, 'report-slo', {
      inputs: {
        'slo-file': join(root, 'examples/slo/llm-platform.slo.yaml'),
        results: join(root, 'packages/slo/testing/fixtures/k6-summary.json'),
        'fail-on-breach': 'false',
        'github-token': GITHUB_TOKEN,
      },
      event,
      runId: '880008',
      storage: keyEnv,
      githubApiUrl: github.url,
    });
    expectMasks(slo.stdout, ['GitHub token']);
    captured.push(capture('report-slo', slo, slo.runner));

    // The CLI has no runner to mask for it: it must never print a secret at all.
    const cli = bundlePath('packages/cli');
    for (const [storageName, storageEnv] of [
      ['key', keyEnv],
      ['SAS', sasEnv],
    ] as const) {
      for (const args of [
        ['status', '--config', catalog.file],
        ['status', '--config', catalog.file, '--json', '--debug'],
        ['backups', 'feat', '--instance', 'pr-88', '--config', catalog.file, '--debug'],
        ['backup', 'stg', '--config', catalog.file, '--debug'],
        ['unlock', 'feat', '--instance', 'pr-88', '--config', catalog.file, '--debug'],
        ['status', '--config', '/nonexistent/environments.yaml', '--debug'],
        ['sweep', '--dry-run', '--config', catalog.file, '--debug'],
        ['cost', '--config', catalog.file, '--debug'],
        [
          'restore',
          'feat',
          'backups/feat-pr-88/none.tfstate',
          '--instance',
          'pr-88',
          '--yes',
          '--config',
          catalog.file,
          '--debug',
        ],
      ]) {
        const run = await runBundle(cli, args, {
          cwd: catalog.file.replace(/\/[^/]+$/, ''),
          env: { ...storageEnv, ...bed.nodeEnv, GITHUB_TOKEN, HOME: '/tmp' },
        });
        expect(masked(run.stdout).size).toBe(0);
        captured.push(capture(`terrarium ${args[0]} (${storageName})`, run));
      }
    }

    // The detector itself finds a secret that is not masked, also inside a longer line.
    expect(leaks({ what: 'probe', stdout: `token=${GITHUB_TOKEN};`, stderr: '', files: [] })).toHaveLength(1);
    const found = captured.flatMap(leaks);
    expect(found).toEqual([]);
    // The checks above looked at real output: every run printed something, and the files were there.
    expect(captured.length).toBeGreaterThanOrEqual(26);
    expect(captured.every((entry) => entry.stdout.length + entry.stderr.length > 0)).toBe(true);
  });
});

async function waitForFile(step: ActionStep, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!filesUnder(step.runner.dir).some((file) => pattern.test(file.path))) {
    if (Date.now() > deadline) throw new Error(`no file matching ${pattern} appeared`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every regular file under a folder, with its text: what a step left behind for anyone to read. */
function filesUnder(dir: string): { path: string; text: string }[] {
  const found: { path: string; text: string }[] = [];
  const walk = (folder: string) => {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(folder, name);
      const stats = statSync(path, { throwIfNoEntry: false });
      if (!stats) continue;
      if (stats.isDirectory()) walk(path);
      else if (stats.isFile() && stats.size < 20_000_000)
        found.push({ path, text: readFileSync(path, 'latin1') });
    }
  };
  walk(dir);
  return found;
}
