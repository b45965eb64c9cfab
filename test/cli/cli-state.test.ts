import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { loadCatalog, resolveTarget, silentLogger } from '@terrarium/core';
import { createRecordStore } from '@terrarium/state';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Azurite, startAzurite } from '../harness/azurite.js';
import { tempCatalog } from '../harness/catalog.js';
import { startGitHubFake } from '../harness/github-fake.js';
import { type BundleRun, bundlePath, runBundle, runProcess } from '../harness/run-bundle.js';
import { stateDocument } from './state-document.js';

const PTY_ANSWER = fileURLToPath(new URL('./pty-answer.py', import.meta.url));

describe('terrarium CLI against Azurite', () => {
  let azurite: Azurite;
  let service: BlobServiceClient;
  let bundle: string;
  const outputs: BundleRun[] = [];

  beforeAll(async () => {
    bundle = bundlePath('packages/cli');
    azurite = await startAzurite();
    service = BlobServiceClient.fromConnectionString(azurite.connectionString, {
      retryOptions: { maxTries: 1 },
    });
  });
  afterAll(async () => {
    await azurite?.stop();
  });

  /** A fresh container and catalog; `cli` runs the bundle with the connection string only. */
  async function setup(layout?: 'container-per-environment'): Promise<{
    container: ContainerClient;
    dir: string;
    cli: (...args: string[]) => Promise<BundleRun>;
  }> {
    const name = `cli-${randomUUID().slice(0, 8)}`;
    const container = service.getContainerClient(name);
    await container.create();
    const { dir } = tempCatalog({ account: azurite.accountName, container: name, layout });
    const cli = async (...args: string[]) => {
      const run = await runBundle(bundle, args, {
        cwd: dir,
        env: { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString },
      });
      outputs.push(run);
      return run;
    };
    return { container, dir, cli };
  }

  async function putState(container: ContainerClient, key: string, serial: number): Promise<void> {
    const text = stateDocument(serial);
    await container.getBlockBlobClient(key).upload(text, Buffer.byteLength(text));
  }

  async function serialOf(container: ContainerClient, key: string): Promise<number> {
    const text = (await container.getBlobClient(key).downloadToBuffer()).toString('utf8');
    return (JSON.parse(text) as { serial: number }).serial;
  }

  it('backs up, lists and restores a basic environment without asking', async () => {
    const { container, cli } = await setup();
    await putState(container, 'dev/terraform.tfstate', 3);

    const backup = await cli('backup', 'dev', '--json');
    expect(backup.code, backup.stderr).toBe(0);
    const taken = JSON.parse(backup.stdout) as { name: string; serial: number; reason: string };
    expect(taken).toMatchObject({ serial: 3, reason: 'manual', envId: 'dev' });
    expect(taken.name).toMatch(/^backups\/dev\/\d{8}T\d{9}Z-manual\.tfstate$/);

    const table = await cli('backups', 'dev');
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+CREATED\s+REASON\s+SERIAL\s+SIZE\s+TIER$/);
    expect(lines[1]).toContain(taken.name);
    expect(lines[1]).toMatch(/manual\s+3\s/);
    // Columns line up: every row's REASON starts where the header's does.
    expect((lines[1]?.indexOf(' manual ') ?? 0) + 1).toBe(lines[0]?.indexOf('REASON'));

    await putState(container, 'dev/terraform.tfstate', 5);
    const refused = await cli('restore', 'dev', taken.name);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/serial 3, older than the current 5.*pass force/);
    expect(await serialOf(container, 'dev/terraform.tfstate')).toBe(5);

    const restored = await cli('restore', 'dev', taken.name.split('/').pop() ?? '', '--force', '--json');
    expect(restored.code, restored.stderr).toBe(0);
    const result = JSON.parse(restored.stdout) as { newSerial: number; preRestoreBackup: { name: string } };
    expect(result.newSerial).toBe(6);
    expect(await serialOf(container, 'dev/terraform.tfstate')).toBe(6);

    const after = JSON.parse((await cli('backups', 'dev', '--json')).stdout) as { reason: string }[];
    expect(after.map((entry) => entry.reason).sort()).toEqual(['manual', 'pre-restore']);
  });

  it('refuses to restore an enhanced environment without a terminal unless --yes is given', async () => {
    const { container, cli } = await setup();
    await putState(container, 'stg/terraform.tfstate', 7);
    const taken = JSON.parse((await cli('backup', 'stg', '--json')).stdout) as { name: string };

    const refused = await cli('restore', 'stg', taken.name);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('pass --yes');
    expect(refused.stdout).toBe('');
    const backups = JSON.parse((await cli('backups', 'stg', '--json')).stdout) as unknown[];
    expect(backups).toHaveLength(1);

    const restored = await cli('restore', 'stg', taken.name, '--yes');
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/serial:\s+7 -> 8/);
    expect(await serialOf(container, 'stg/terraform.tfstate')).toBe(8);
  });

  /** Locks a state the way terraform's azurerm backend does: an infinite lease plus its lock info. */
  async function lockLikeTerraform(
    container: ContainerClient,
    key: string,
    created: Date,
    runInfo = '',
  ): Promise<string> {
    const id = randomUUID();
    const blob = container.getBlobClient(key);
    await blob.getBlobLeaseClient(id).acquireLease(-1);
    const info = {
      ID: id,
      Operation: 'OperationTypeApply',
      Info: runInfo,
      Who: 'runner@fv-az123',
      Version: '1.11.0',
      Created: created.toISOString(),
      Path: `${container.containerName}/${key}`,
    };
    await blob.setMetadata(
      { terraformlockid: Buffer.from(JSON.stringify(info)).toString('base64') },
      { conditions: { leaseId: id } },
    );
    return id;
  }

  it('shows locks in the status table and JSON, and breaks only a stale one', async () => {
    const { container, cli } = await setup();
    await putState(container, 'dev/terraform.tfstate', 2);
    await putState(container, 'stg/terraform.tfstate', 4);
    await lockLikeTerraform(container, 'dev/terraform.tfstate', new Date(Date.now() - 3 * 3600_000));
    await lockLikeTerraform(container, 'stg/terraform.tfstate', new Date(Date.now() - 60_000));

    const table = await cli('status');
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ENV ID\s+STATUS\s+STATE\s+SIZE\s+MODIFIED\s+LOCK\s+EXPIRES$/);
    expect(lines.find((line) => line.startsWith('dev '))).toMatch(/OperationTypeApply 3h by runner@fv-az123/);
    expect(lines.find((line) => line.startsWith('stg '))).toMatch(/OperationTypeApply 1m by runner@fv-az123/);
    const rows = JSON.parse((await cli('status', '--json')).stdout) as {
      envId: string;
      leaseState: string;
    }[];
    expect(rows.map((row) => [row.envId, row.leaseState])).toEqual([
      ['dev', 'leased'],
      ['stg', 'leased'],
    ]);

    const live = await cli('unlock', 'stg');
    expect(live.code).toBe(1);
    expect(live.stderr).toMatch(
      /Not unlocking .*stg\/terraform\.tfstate: it is only 1 min old .*Pass --force/,
    );
    expect((await container.getBlobClient('stg/terraform.tfstate').getProperties()).leaseState).toBe(
      'leased',
    );

    const forcedWithoutTerminal = await cli('unlock', 'stg', '--force');
    expect(forcedWithoutTerminal.code).toBe(2);
    expect(forcedWithoutTerminal.stderr).toContain('pass --yes');
    expect((await container.getBlobClient('stg/terraform.tfstate').getProperties()).leaseState).toBe(
      'leased',
    );

    const stale = await cli('unlock', 'dev', '--json');
    expect(stale.code, stale.stderr).toBe(0);
    expect(JSON.parse(stale.stdout)).toMatchObject({ envId: 'dev', broken: true, locked: false });
    const after = await container.getBlobClient('dev/terraform.tfstate').getProperties();
    expect(after.leaseState).not.toBe('leased');
    expect(after.metadata?.terraformlockid).toBeUndefined();

    const again = await cli('unlock', 'dev');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('is not locked');
  });

  it('never breaks a lock whose workflow run is still in progress, however old; does once it completed', async () => {
    const github = await startGitHubFake();
    try {
      const { container, dir } = await setup();
      await putState(container, 'dev/terraform.tfstate', 2);
      const info = `https://github.com/${github.owner}/${github.repo}/actions/runs/555`;
      await lockLikeTerraform(container, 'dev/terraform.tfstate', new Date(Date.now() - 5 * 3600_000), info);
      github.setWorkflowRun(555, { status: 'in_progress' });
      const token = 'ghs_fakeTokenForTheLoopbackGitHub000000';
      const cli = async (...args: string[]) => {
        const run = await runBundle(bundle, args, {
          cwd: dir,
          env: {
            AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
            GITHUB_TOKEN: token,
            GITHUB_REPOSITORY: `${github.owner}/${github.repo}`,
            GITHUB_API_URL: github.url,
          },
        });
        expect(`${run.stdout}${run.stderr}`).not.toContain(token);
        return run;
      };

      // GitHub cannot answer: not knowing is no reason to break the lock.
      github.failNext(
        { pathIncludes: '/actions/runs/555' },
        { status: 401, body: { message: 'Bad credentials' } },
      );
      const unknown = await cli('unlock', 'dev', '--force', '--yes');
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('GitHub could not say whether the run holding it is still going');
      expect(unknown.stderr).not.toContain('bug');
      expect((await container.getBlobClient('dev/terraform.tfstate').getProperties()).leaseState).toBe(
        'leased',
      );

      const live = await cli('unlock', 'dev', '--force', '--yes');
      expect(live.code).toBe(1);
      expect(live.stderr).toContain('its holder, run 555, is still in progress');
      expect((await container.getBlobClient('dev/terraform.tfstate').getProperties()).leaseState).toBe(
        'leased',
      );
      expect(github.requests.some((request) => request.path.endsWith('/actions/runs/555'))).toBe(true);

      github.setWorkflowRun(555, { status: 'completed', conclusion: 'cancelled' });
      const done = await cli('unlock', 'dev');
      expect(done.code, done.stderr).toBe(0);
      expect(done.stdout).toContain('because its holder, run 555, has completed');
      expect((await container.getBlobClient('dev/terraform.tfstate').getProperties()).leaseState).not.toBe(
        'leased',
      );
    } finally {
      await github.stop();
    }
  });

  it('estimates the monthly cost of what the container holds, by tier', async () => {
    const { container, cli } = await setup();
    await putState(container, 'dev/terraform.tfstate', 1);
    await putState(container, 'stg/terraform.tfstate', 1);
    expect((await cli('backup', 'dev')).code).toBe(0);

    const run = await cli('cost', '--json');
    expect(run.code, run.stderr).toBe(0);
    type Estimate = {
      blobs: number;
      storage: Record<string, { gb: number }>;
      operations: { monthly: number; list: number };
      monthly: number;
      allHotMonthly: number;
      operationsBasis: { runsPerMonth: { provisions: number; sweeps: number }; assumed: string[] };
    };
    const estimate = JSON.parse(run.stdout) as Estimate;
    expect(estimate.blobs).toBe(3);
    const bytes = Buffer.byteLength(stateDocument(1));
    // dev keeps backups 7 days: its backup stays Hot (Cool would bill 30).
    expect(estimate.storage.Hot?.gb).toBeCloseTo((3 * bytes) / 1024 ** 3, 12);
    expect(estimate.storage.Cool?.gb).toBe(0);
    expect(estimate.allHotMonthly).toBeGreaterThanOrEqual(estimate.monthly);
    // No environment has a record yet: no runs assumed, but the hourly sweep lists the container.
    expect(estimate.operationsBasis.runsPerMonth).toMatchObject({ provisions: 0, sweeps: 720 });
    expect(estimate.operations.list).toBeCloseTo((720 * 0.05) / 10_000, 12);

    // Told the runs: the operations of 100 provisions, measured per run, are priced.
    const told = JSON.parse((await cli('cost', '--json', '--runs-per-month', '100')).stdout) as Estimate;
    expect(told.operationsBasis.runsPerMonth.provisions).toBe(100);
    expect(told.operationsBasis.assumed).not.toContain('runs (one a day per environment)');
    expect(told.operations.monthly).toBeGreaterThan(estimate.operations.monthly);

    const table = await cli('cost');
    expect(table.stdout).toMatch(/^TIER\s+GB\s+MONTHLY$/m);
    expect(table.stdout).toMatch(/^total a month:\s+\d+\.\d{4} /m);
    expect(table.stdout).toMatch(/^runs a month:\s+0 provisions, 0 teardowns, 720 sweeps, .*assumed: runs/m);

    const prices = await cli('cost', '--prices', 'nowhere.json');
    expect(prices.code).toBe(2);
    expect(prices.stderr).toContain('nowhere.json');
  });

  it('lists what a sweep would tear down, without touching it, with --dry-run', async () => {
    const { container, dir, cli } = await setup();
    const catalog = await loadCatalog(join(dir, 'environments.yaml'));
    const longAgo = new Date(Date.now() - 100 * 3600_000);
    const records = createRecordStore(container, silentLogger, () => longAgo);
    const expired = resolveTarget(catalog, { environment: 'feat', instance: 'pr-1', now: longAgo });
    await records.begin(expired, { status: 'provisioning' });
    await records.complete(expired);
    const fresh = resolveTarget(catalog, { environment: 'feat', instance: 'pr-2' });
    const freshRecords = createRecordStore(container, silentLogger);
    await freshRecords.begin(fresh, { status: 'provisioning' });
    await freshRecords.complete(fresh);

    const run = await cli('sweep', '--dry-run', '--json');
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { dryRun: boolean; examined: number; items: unknown[] };
    expect(result).toMatchObject({ dryRun: true, examined: 2 });
    expect(result.items).toEqual([
      expect.objectContaining({ envId: 'feat-pr-1', reason: 'expired', result: 'would-destroy' }),
    ]);
    expect(run.stderr).toContain('closed pull requests are not looked up');
    expect(await records.get(expired)).toBeDefined();

    const status = await cli('status');
    expect(status.stdout).toMatch(/^feat-pr-1\s+ready\s.*expired \d+h ago$/m);
    expect(status.stdout).toMatch(/^feat-pr-2\s+ready\s.*in 2d 23h$/m);
  });

  it('finds ephemeral states in their own containers in the container-per-environment layout', async () => {
    const { container, dir, cli } = await setup('container-per-environment');
    const catalog = await loadCatalog(join(dir, 'environments.yaml'));
    const target = resolveTarget(catalog, { environment: 'feat', instance: 'pr-3' });
    expect(target.stateContainer).not.toBe(container.containerName);
    const records = createRecordStore(container, silentLogger);
    await records.begin(target, { status: 'provisioning' });
    await records.complete(target);
    const own = service.getContainerClient(target.stateContainer);
    await own.create();
    await putState(own, target.stateKey, 7);
    await putState(container, 'dev/terraform.tfstate', 1);

    const run = await cli('status', '--json', '--deep');
    expect(run.code, run.stderr).toBe(0);
    const rows = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(rows.map((row) => [row.envId, row.status, row.stateFound, row.stateKey, row.serial])).toEqual([
      ['dev', null, true, 'dev/terraform.tfstate', 1],
      ['feat-pr-3', 'ready', true, `${target.stateContainer}/${target.stateKey}`, 7],
    ]);
  });

  it('asks at a real terminal and restores only when the typed word matches', async () => {
    const { container, dir } = await setup();
    await putState(container, 'stg/terraform.tfstate', 4);
    const env = { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, TERM: 'dumb' };
    const backup = await runBundle(bundle, ['backup', 'stg', '--json'], { cwd: dir, env });
    const name = (JSON.parse(backup.stdout) as { name: string }).name;
    // Python's pty.spawn gives the CLI a real terminal on stdin and feeds it what we type.
    // A pseudo-terminal that types the answer once the prompt is shown, as a person would.
    const atTerminal = (answer: string) =>
      runProcess('python3', [PTY_ANSWER, answer, process.execPath, bundle, 'restore', 'stg', name], {
        cwd: dir,
        env,
      });

    const wrong = await atTerminal('staging\r');
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('Type "stg" to confirm:');
    expect(wrong.stdout).toContain('Not confirmed; nothing was changed.');
    expect(await serialOf(container, 'stg/terraform.tfstate')).toBe(4);

    // Ctrl-C at the prompt is a no, not a crash.
    const interrupted = await atTerminal('\u0003');
    expect(interrupted.code).toBe(1);
    expect(interrupted.stdout).toContain('Not confirmed; nothing was changed.');

    const right = await atTerminal('stg\r');
    expect(right.code, right.stdout).toBe(0);
    expect(right.stdout).toMatch(/serial:\s+4 -> 5/);
    expect(await serialOf(container, 'stg/terraform.tfstate')).toBe(5);
  });

  it('stops quietly when the reader of its output goes away (terrarium status | head)', async () => {
    const { container, dir } = await setup();
    await putState(container, 'dev/terraform.tfstate', 1);
    const child = spawn(process.execPath, [bundle, 'status'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Closed before the CLI has even started: its first write meets a broken pipe.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('says which environments exist when asked for an unknown one', async () => {
    const { cli } = await setup();
    const run = await cli('backups', 'stag');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown environment "stag"');
    expect(run.stderr).toContain('dev, stg, prod, feat');
    expect(run.stderr).not.toContain('    at ');
  });

  it('refuses a connection string for another account than the catalog names', async () => {
    const { dir } = tempCatalog({ account: 'otheraccount', container: 'tfstate' });
    const run = await runBundle(bundle, ['status'], {
      cwd: dir,
      env: { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString },
    });
    outputs.push(run);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"otheraccount"');
  });

  it('keeps stacks for bugs behind --debug, explains a missing container, and never prints a secret', async () => {
    const { container, cli } = await setup();
    await putState(container, 'dev/terraform.tfstate', 1);
    await cli('backup', 'dev', '--debug');
    await cli('status', '--debug');
    await cli('status', '--json', '--debug');
    // Not a state terraform could have written: reading it is a failure, not the user's mistake.
    await container.getBlockBlobClient('stg/terraform.tfstate').upload('{not json', 9);
    const bug = await cli('status', '--deep');
    expect(bug.code).toBe(1);
    expect(bug.stderr).toContain('run again with --debug for the stack');
    expect(bug.stderr).not.toMatch(/^\s+at /m);
    const debugged = await cli('status', '--deep', '--debug');
    expect(debugged.code).toBe(1);
    expect(debugged.stderr).toMatch(/^\s+at /m);

    await container.delete();
    const missing = await cli('status', '--debug');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      `container "${container.containerName}" does not exist in storage account terrariumtest`,
    );
    expect(outputs.length).toBeGreaterThan(4);
    for (const run of outputs) {
      for (const text of [run.stdout, run.stderr]) {
        expect(text).not.toContain(azurite.accountKey);
        expect(text).not.toContain(azurite.connectionString);
        expect(text).not.toContain(encodeURIComponent(azurite.accountKey));
      }
    }
  });
});
