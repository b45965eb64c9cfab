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
import { bundlePath, runBundle } from '../cli/run-bundle.js';
import { type GitHubFake, startGitHubFake } from '../harness/github-fake.js';
import { pullRequestPayload } from '../harness/webhook-payloads.js';
import { type ActionStep, filesUnder, runAction, startAction } from './action-step.js';
import { type ResilienceBed, startResilienceBed, uniqueContainer, writeCatalog } from './resilience-bed.js';

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

function masked(stdout: string): Set<string> {
  return new Set(
    stdout
      .split(/\r?\n/)
      .filter((line) => line.startsWith('::add-mask::'))
      // The runner decodes workflow-command data: @actions/core escapes %, CR and LF.
      .map((line) =>
        line.slice('::add-mask::'.length).replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%'),
      ),
  );
}

function capture(what: string, result: { stdout: string; stderr: string }, step?: ActionStep): Captured {
  return {
    what,
    stdout: result.stdout,
    stderr: result.stderr,
    files: step ? filesUnder(step.runner.dir) : [],
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

    const provisioned = await runAction(bed, 'provision-env', {
      inputs: { ...base, vars: JSON.stringify({ database_password: 'p@ss-not-a-secret-of-ours' }) },
      event,
      runId: '880001',
      storageEnv: keyEnv,
      githubApiUrl: github.url,
    });
    expect(provisioned.code, provisioned.stdout).toBe(0);
    expectMasks(provisioned.stdout, ['account key', 'connection string', 'GitHub token']);
    captured.push(capture('provision-env (account key)', provisioned, provisioned.step));

    const viaSas = await runAction(bed, 'provision-env', {
      inputs: { ...base, 'plan-only': 'true' },
      event,
      runId: '880002',
      storageEnv: sasEnv,
      githubApiUrl: github.url,
    });
    expect(viaSas.code, viaSas.stdout).toBe(0);
    expectMasks(viaSas.stdout, ['SAS token', 'SAS connection string', 'GitHub token']);
    captured.push(capture('provision-env (SAS)', viaSas, viaSas.step));

    const failed = await runAction(bed, 'provision-env', {
      inputs: { ...base, vars: '{"app_sku": ' },
      event,
      runId: '880003',
      storageEnv: keyEnv,
      githubApiUrl: github.url,
    });
    expect(failed.code).not.toBe(0);
    expect(failed.outputs['failure-reason']).toBe('config-error');
    captured.push(capture('provision-env (bad vars)', failed, failed.step));

    // A runner cancelled mid-apply never cleans up: whatever it left in its temp folders is checked too.
    const killed: ActionStep = startAction(bed, 'provision-env', {
      inputs: { ...base, vars: JSON.stringify({ sleep_seconds: 30, app_sku: 'S2' }) },
      event,
      runId: '880004',
      storageEnv: keyEnv,
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
    const torn = await runAction(bed, 'teardown-env', {
      inputs: {
        config: catalog.file,
        environment: 'feat',
        'lock-timeout': '5s',
        'github-token': GITHUB_TOKEN,
      },
      event: { name: 'pull_request', payload: pullRequestPayload('closed', { number: 88 }) },
      runId: '880005',
      storageEnv: keyEnv,
      githubApiUrl: github.url,
      extraEnv: { INPUT_VARS: JSON.stringify({ sleep_seconds: 0 }) },
    });
    expect(torn.code, torn.stdout.slice(-3000)).toBe(0);
    expectMasks(torn.stdout, ['account key', 'connection string', 'GitHub token']);
    captured.push(capture('teardown-env', torn, torn.step));

    const configured = await runAction(bed, 'configure-backend', {
      inputs: { config: catalog.file, environment: 'feat' },
      event,
      runId: '880006',
      storageEnv: keyEnv,
    });
    expect(configured.code, configured.stdout.slice(-2000)).toBe(0);
    expectMasks(configured.stdout, ['account key', 'connection string']);
    // By design, configure-backend hands terraform's credential to later steps through GITHUB_ENV
    // (masked first, as configure-aws-credentials does): that runner file, and only that variable, may hold it.
    expect(configured.step.runner.exported()).toEqual({ ARM_ACCESS_KEY: bed.accountKey });
    const exportedFile = configured.step.runner.env.GITHUB_ENV;
    captured.push({
      ...capture('configure-backend', configured, configured.step),
      files: filesUnder(configured.step.runner.dir).filter((entry) => entry.path !== exportedFile),
    });

    const sweep = await runAction(bed, 'teardown-env', {
      inputs: { config: catalog.file, mode: 'sweep', 'dry-run': 'true', 'github-token': GITHUB_TOKEN },
      event: { name: 'schedule', payload: { schedule: '0 * * * *' } },
      runId: '880007',
      storageEnv: sasEnv,
      githubApiUrl: github.url,
    });
    expect(sweep.code, sweep.stdout.slice(-2000)).toBe(0);
    captured.push(capture('teardown-env sweep (SAS)', sweep, sweep.step));

    const slo = await runAction(bed, 'report-slo', {
      inputs: {
        'slo-file': join(root, 'examples/slo/llm-platform.slo.yaml'),
        results: join(root, 'packages/slo/testing/fixtures/k6-summary.json'),
        'fail-on-breach': 'false',
        'github-token': GITHUB_TOKEN,
      },
      event,
      runId: '880008',
      storageEnv: keyEnv,
      githubApiUrl: github.url,
    });
    expectMasks(slo.stdout, ['GitHub token']);
    captured.push(capture('report-slo', slo, slo.step));

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
