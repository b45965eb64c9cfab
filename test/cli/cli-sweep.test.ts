import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ContainerClient } from '@azure/storage-blob';
import { loadCatalog, resolveTarget, silentLogger } from '@terrarium/core';
import { createRecordStore } from '@terrarium/state';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCatalog } from '../harness/catalog.js';
import { bundlePath, runBundle } from '../harness/run-bundle.js';
import { SAMPLE_MODULE_DIR } from '../harness/sample-module.js';
import { startTerraformBackend, type TerraformBackend } from '../harness/terraform-backend.js';

const run = promisify(execFile);

/** `terrarium sweep` for real: the bundle tears down an expired environment with terraform. */
describe('terrarium sweep against the terraform test bed', () => {
  let backend: TerraformBackend;
  let bundle: string;

  beforeAll(async () => {
    bundle = bundlePath('packages/cli');
    backend = await startTerraformBackend();
  });
  afterAll(async () => {
    await backend?.stop();
  });

  async function names(container: ContainerClient, prefix: string): Promise<string[]> {
    const found: string[] = [];
    for await (const blob of container.listBlobsFlat({ prefix })) found.push(blob.name);
    return found;
  }

  it('destroys an expired pull request environment, archives its final state, and leaves a fresh one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'terrarium-sweep-'));
    const containerName = `sweep-${process.pid}`;
    writeCatalog(dir, {
      account: backend.accountName,
      container: containerName,
      rootModule: 'sample',
      environments: { feat: { kind: 'ephemeral', ttl: '72h' } },
    });
    cpSync(SAMPLE_MODULE_DIR, join(dir, 'sample'), { recursive: true });
    const container = backend.blobService().getContainerClient(containerName);
    await container.create();

    // An environment provisioned four days ago (72h ttl), and one provisioned now.
    const catalog = await loadCatalog(join(dir, 'environments.yaml'));
    const longAgo = new Date(Date.now() - 96 * 3600_000);
    const expired = resolveTarget(catalog, { environment: 'feat', instance: 'pr-7', now: longAgo });
    const fresh = resolveTarget(catalog, { environment: 'feat', instance: 'pr-8' });
    for (const [target, clock] of [
      [expired, longAgo],
      [fresh, new Date()],
    ] as const) {
      const records = createRecordStore(container, silentLogger, () => clock);
      await records.begin(target, { status: 'provisioning' });
      const module = mkdtempSync(join(tmpdir(), 'terrarium-sweep-module-'));
      cpSync(SAMPLE_MODULE_DIR, module, { recursive: true });
      const env = { PATH: process.env.PATH ?? '', HOME: dir, ...backend.terraformEnv };
      const config = backend.backendConfig(containerName, target.stateKey);
      await run(
        'terraform',
        [
          `-chdir=${module}`,
          'init',
          '-input=false',
          ...Object.entries(config).map(([k, v]) => `-backend-config=${k}=${v}`),
        ],
        { env },
      );
      await run(
        'terraform',
        [
          `-chdir=${module}`,
          'apply',
          '-input=false',
          '-auto-approve',
          `-var=environment=feat`,
          `-var=environment_id=${target.envId}`,
        ],
        { env },
      );
      await records.complete(target);
    }
    expect(await names(container, 'feat/')).toEqual(
      expect.arrayContaining(['feat/pr-7/terraform.tfstate', 'feat/pr-8/terraform.tfstate']),
    );

    const { ARM_ACCESS_KEY: _key, ...terraformEnv } = backend.terraformEnv;
    const sweep = await runBundle(bundle, ['sweep', '--json', '--concurrency', '2'], {
      cwd: dir,
      env: {
        HOME: dir,
        ...terraformEnv,
        ...backend.nodeEnv,
        AZURE_STORAGE_CONNECTION_STRING: backend.connectionString,
      },
    });
    expect(sweep.code, sweep.stderr).toBe(0);
    const result = JSON.parse(sweep.stdout) as { examined: number; items: unknown[]; destroyed: string[] };
    expect(result.examined).toBe(2);
    expect(result.items).toEqual([
      expect.objectContaining({ envId: 'feat-pr-7', reason: 'expired', result: 'destroyed' }),
    ]);
    expect(sweep.stderr).toContain('feat-pr-7');
    expect(`${sweep.stdout}${sweep.stderr}`).not.toContain(backend.accountKey);

    const left = await names(container, 'feat/');
    expect(left.some((name) => name.startsWith('feat/pr-7/'))).toBe(false);
    expect(left).toContain('feat/pr-8/terraform.tfstate');
    expect((await names(container, 'backups/feat-pr-7/')).length).toBeGreaterThan(0);
  });
});
