import { readFileSync, rmSync } from 'node:fs';
import { recordingLogger } from '@terrarium/core/testing';
import {
  assessLock,
  backendConfigFor,
  breakLock,
  ensureContainer,
  inspectLock,
  LockHeldError,
  listStatus,
  resolveStorageAuth,
  writeBackendConfigFile,
} from '@terrarium/state';
import { createTerraform } from '@terrarium/terraform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityVars, sampleWorkdir } from '../harness/sample-module.js';
import { backendSpec, ephemeralTarget, uniqueContainer } from '../harness/target-factory.js';
import { startTerraformBackend, type TerraformBackend } from '../harness/terraform-backend.js';

/** The whole chain against the real terraform binary: our backend file, its lock, our reading of both. */
describe('state store with real terraform (azurerm backend on TLS Azurite)', () => {
  let backend: TerraformBackend;
  beforeAll(async () => {
    backend = await startTerraformBackend();
  });
  afterAll(async () => {
    await backend?.stop();
  });

  it('inits from our backend file, and reads the lock terraform holds during apply', async () => {
    const service = backend.blobService();
    const name = uniqueContainer('tf');
    const logger = recordingLogger();
    await ensureContainer(service, name, logger);
    const spec = backendSpec(name);
    const auth = resolveStorageAuth(spec, { AZURE_STORAGE_CONNECTION_STRING: backend.connectionString });
    const target = ephemeralTarget(name, 'feat', 'pr-42');
    const configFile = writeBackendConfigFile(backendConfigFor(target, auth, spec));
    const workdir = await sampleWorkdir();
    try {
      expect(readFileSync(configFile, 'utf8')).not.toContain(backend.accountKey);
      const terraform = createTerraform({
        workingDirectory: workdir.dir,
        // What terraform needs from us is auth.terraformEnv (the key); the rest points it at the test bed.
        env: { ...backend.terraformEnv, ARM_ACCESS_KEY: '', ...auth.terraformEnv },
        logger,
        timeoutMs: 90_000,
        killGraceMs: 10_000,
      });
      await terraform.init({ backendConfig: undefined, backendConfigFile: configFile });
      const vars = await workdir.writeVars('identity', identityVars('pr-42', { sleep_seconds: 4 }));
      await terraform.plan({ out: 'app.tfplan', varFiles: [vars] });
      const applying = terraform.apply('app.tfplan');

      const blob = service.getContainerClient(name).getBlobClient(target.stateKey);
      // terraform takes the lease first and writes its lock info a moment later: wait for both.
      let lock = await inspectLock(blob);
      for (let waited = 0; !lock?.id && waited < 30_000; waited += 100) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        lock = await inspectLock(blob);
      }
      if (!lock?.id) throw new Error('terraform never wrote its lock info on the state');
      expect(lock).toMatchObject({
        leaseState: 'leased',
        path: `${name}/${target.stateKey}`,
        operation: 'OperationTypeApply',
        version: expect.stringMatching(/^1\.\d+\.\d+/),
        who: expect.stringContaining('@'),
      });
      expect(lock.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Math.abs(Date.now() - (lock.created?.getTime() ?? 0))).toBeLessThan(60_000);

      const during = await listStatus(service.getContainerClient(name));
      expect(during.find((row) => row.stateKey === target.stateKey)).toMatchObject({
        leaseState: 'leased',
        lockHolder: lock.who,
        lockOperation: 'OperationTypeApply',
      });

      const assessment = await assessLock(lock, {
        now: new Date(),
        staleAfterMs: 1,
        holderRunId: '123',
        runStatus: async () => 'in_progress',
      });
      await expect(breakLock(blob, { assessment, force: true, logger })).rejects.toBeInstanceOf(
        LockHeldError,
      );

      await applying;
      expect(await inspectLock(blob)).toBeUndefined();
      const after = await listStatus(service.getContainerClient(name), { deep: true });
      const row = after.find((entry) => entry.stateKey === target.stateKey);
      expect(row?.leaseState).not.toBe('leased');
      expect(row?.serial).toBeGreaterThanOrEqual(1);
      expect(row?.resourceCount).toBeGreaterThan(0);
    } finally {
      rmSync(configFile, { force: true });
      await workdir.remove();
      await service.getContainerClient(name).deleteIfExists();
    }
  });
});
