import { randomUUID } from 'node:crypto';
import { recordingLogger } from '@terrarium/core/testing';
import {
  createTerraform,
  type Terraform,
  TerraformLockError,
  TerraformTimeoutError,
} from '@terrarium/terraform';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { identityVars, sampleWorkdir } from '../harness/sample-module.js';
import { readBlobLock, readStateBlob, waitForLease } from '../harness/state-blob.js';
import { startTerraformBackend, type TerraformBackend } from '../harness/terraform-backend.js';

describe('terraform state locking on the azurerm backend (blob leases in TLS Azurite)', () => {
  let backend: TerraformBackend;
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    backend = await startTerraformBackend();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    await backend?.stop();
  });

  async function newContainer(): Promise<string> {
    const container = `tfstate-${randomUUID().slice(0, 8)}`;
    const client = backend.blobService().getContainerClient(container);
    await client.create();
    cleanups.push(() => client.delete());
    return container;
  }

  /** One runner in its own working directory, as one CI job would have. */
  async function runner(
    container: string,
    key: string,
    options: { timeoutMs?: number; killGraceMs?: number } = {},
  ): Promise<{ terraform: Terraform; varFile: (vars: Record<string, unknown>) => Promise<string> }> {
    const workdir = await sampleWorkdir();
    cleanups.push(() => workdir.remove());
    const terraform = createTerraform({
      workingDirectory: workdir.dir,
      env: backend.terraformEnv,
      logger: recordingLogger(),
      timeoutMs: options.timeoutMs ?? 90_000,
      killGraceMs: options.killGraceMs ?? 20_000,
    });
    await terraform.init({ backendConfig: backend.backendConfig(container, key) });
    return { terraform, varFile: (vars) => workdir.writeVars('identity', vars) };
  }

  it('a second terraform apply with -lock-timeout=0 is refused with the lock details while the first holds the lease', async () => {
    const container = await newContainer();
    const key = 'feat/pr-123/terraform.tfstate';
    const first = await runner(container, key);
    const second = await runner(container, key);
    const firstVars = await first.varFile(identityVars('pr-123', { sleep_seconds: 4 }));
    const secondVars = await second.varFile(identityVars('pr-123'));
    await first.terraform.plan({ out: 'first.tfplan', varFiles: [firstVars] });
    await second.terraform.plan({ out: 'second.tfplan', varFiles: [secondVars] });

    const firstApply = first.terraform.apply('first.tfplan');
    const held = await waitForLease(backend.blobService(), container, key);
    expect(held.lockInfo?.Operation).toBe('OperationTypeApply');

    const refused = await second.terraform
      .apply('second.tfplan', { lockTimeout: '0s' })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TerraformLockError);
    const lock = (refused as TerraformLockError).lock;
    expect(lock).toMatchObject({
      id: held.lockInfo?.ID,
      path: `${container}/${key}`,
      operation: 'OperationTypeApply',
      who: held.lockInfo?.Who,
      version: held.lockInfo?.Version,
    });
    expect(lock?.who).toMatch(/.+@.+/);
    expect((refused as TerraformLockError).message).toContain(`lock id ${held.lockInfo?.ID}`);

    const planRefused = await second.terraform
      .plan({ out: 'late.tfplan', varFiles: [secondVars], lockTimeout: '0s' })
      .catch((error: unknown) => error);
    expect(planRefused).toBeInstanceOf(TerraformLockError);
    expect((planRefused as TerraformLockError).lock?.id).toBe(held.lockInfo?.ID);

    await firstApply;
    expect((await readBlobLock(backend.blobService(), container, key)).leaseState).toBe('available');
    // Once released, the second runner goes ahead: nothing left to change.
    expect(
      await second.terraform.plan({ out: 'after.tfplan', varFiles: [secondVars], lockTimeout: '0s' }),
    ).toEqual({ changed: false });
  });

  it('terraform stopped by the runner timeout (SIGTERM) exits gracefully and releases the lease', async () => {
    const container = await newContainer();
    const key = 'perf/run-1/terraform.tfstate';
    const { terraform, varFile } = await runner(container, key, { timeoutMs: 3_000 });
    const vars = await varFile(identityVars('run-1', { sleep_seconds: 10 }));
    await terraform.plan({ out: 'slow.tfplan', varFiles: [vars] });

    const started = Date.now();
    const failure = await terraform.apply('slow.tfplan').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TerraformTimeoutError);
    expect((failure as TerraformTimeoutError).timeoutMs).toBe(3_000);
    expect((failure as TerraformTimeoutError).message).toMatch(
      /did not finish within 3000 ms and was stopped/,
    );
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(await readBlobLock(backend.blobService(), container, key)).toEqual({
      leaseState: 'available',
      lockInfo: undefined,
    });
  });

  it('terraform force-unlock releases the lock a killed apply left behind', async () => {
    const container = await newContainer();
    const key = 'feat/pr-5/terraform.tfstate';
    // SIGKILL right after SIGTERM: terraform gets no chance to release its lease, like a lost runner.
    const doomed = await runner(container, key, { timeoutMs: 2_000, killGraceMs: 0 });
    const vars = await doomed.varFile(identityVars('pr-5', { sleep_seconds: 6 }));
    await doomed.terraform.plan({ out: 'doomed.tfplan', varFiles: [vars] });
    await expect(doomed.terraform.apply('doomed.tfplan')).rejects.toThrow(TerraformTimeoutError);

    const left = await readBlobLock(backend.blobService(), container, key);
    expect(left.leaseState).toBe('leased');
    const lockId = left.lockInfo?.ID ?? '';

    const rescuer = await runner(container, key);
    const rescueVars = await rescuer.varFile(identityVars('pr-5'));
    const refused = await rescuer.terraform
      .plan({ out: 'blocked.tfplan', varFiles: [rescueVars], lockTimeout: '0s' })
      .catch((error: unknown) => error);
    expect((refused as TerraformLockError).lock?.id).toBe(lockId);

    await rescuer.terraform.forceUnlock(lockId);
    expect((await readBlobLock(backend.blobService(), container, key)).leaseState).toBe('available');
    expect(
      await rescuer.terraform.plan({ out: 'free.tfplan', varFiles: [rescueVars], lockTimeout: '0s' }),
    ).toEqual({ changed: true });
  });

  it('terraform applies on two keys at once do not interfere', async () => {
    const container = await newContainer();
    const one = await runner(container, 'feat/pr-1/terraform.tfstate');
    const two = await runner(container, 'feat/pr-2/terraform.tfstate');
    const oneVars = await one.varFile(identityVars('pr-1', { sleep_seconds: 2 }));
    const twoVars = await two.varFile(identityVars('pr-2', { sleep_seconds: 2 }));
    await Promise.all([
      one.terraform.plan({ out: 'p.tfplan', varFiles: [oneVars] }),
      two.terraform.plan({ out: 'p.tfplan', varFiles: [twoVars] }),
    ]);
    // Overlapping applies, each with -lock-timeout=0: neither key's lease blocks the other.
    await Promise.all([
      one.terraform.apply('p.tfplan', { lockTimeout: '0s' }),
      two.terraform.apply('p.tfplan', { lockTimeout: '0s' }),
    ]);

    const service = backend.blobService();
    const stateOne = await readStateBlob(service, container, 'feat/pr-1/terraform.tfstate');
    const stateTwo = await readStateBlob(service, container, 'feat/pr-2/terraform.tfstate');
    expect(stateOne.lineage).not.toBe(stateTwo.lineage);
    expect(stateOne.outputs.environment_url?.value).toBe('https://feat-pr-1.example.test');
    expect(stateTwo.outputs.environment_url?.value).toBe('https://feat-pr-2.example.test');

    await one.terraform.destroy({ varFiles: [oneVars], lockTimeout: '0s' });
    expect(await one.terraform.stateResourceCount()).toBe(0);
    expect(await two.terraform.stateResourceCount()).toBe(3);
    expect((await readStateBlob(service, container, 'feat/pr-2/terraform.tfstate')).serial).toBe(
      stateTwo.serial,
    );
  });
});
