import { randomUUID } from 'node:crypto';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Azurite, startAzurite } from '../harness/azurite.js';
import { stateDocument, writeCatalog } from './catalog-fixture.js';
import { type BundleRun, bundlePath, runBundle } from './run-bundle.js';

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
  async function setup(): Promise<{
    container: ContainerClient;
    cli: (...args: string[]) => Promise<BundleRun>;
  }> {
    const name = `cli-${randomUUID().slice(0, 8)}`;
    const container = service.getContainerClient(name);
    await container.create();
    const { dir } = writeCatalog(azurite.accountName, name);
    const cli = async (...args: string[]) => {
      const run = await runBundle(bundle, args, {
        cwd: dir,
        env: { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString },
      });
      outputs.push(run);
      return run;
    };
    return { container, cli };
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
  async function lockLikeTerraform(container: ContainerClient, key: string, created: Date): Promise<string> {
    const id = randomUUID();
    const blob = container.getBlobClient(key);
    await blob.getBlobLeaseClient(id).acquireLease(-1);
    const info = {
      ID: id,
      Operation: 'OperationTypeApply',
      Info: '',
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

  it('says which environments exist when asked for an unknown one', async () => {
    const { cli } = await setup();
    const run = await cli('backups', 'stag');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown environment "stag"');
    expect(run.stderr).toContain('dev, stg, prod, feat');
    expect(run.stderr).not.toContain('    at ');
  });

  it('refuses a connection string for another account than the catalog names', async () => {
    const { dir } = writeCatalog('otheraccount', 'tfstate');
    const run = await runBundle(bundle, ['status'], {
      cwd: dir,
      env: { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString },
    });
    outputs.push(run);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"otheraccount"');
  });

  it('never prints the account key or the connection string, even with --debug', async () => {
    const { container, cli } = await setup();
    await putState(container, 'dev/terraform.tfstate', 1);
    await cli('backup', 'dev', '--debug');
    await cli('status', '--debug');
    await cli('status', '--json', '--debug');
    // A failure deep in the SDK: the container is gone, so the listing fails with a 404.
    await container.delete();
    const failed = await cli('status', '--debug');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/ContainerNotFound|does not exist/);
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
