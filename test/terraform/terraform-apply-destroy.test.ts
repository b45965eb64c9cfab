import { randomUUID } from 'node:crypto';
import { recordingLogger } from '@terrarium/core/testing';
import { createTerraform, nonSensitiveOutputValues, TerraformCommandError } from '@terrarium/terraform';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { identityVars, type SampleWorkdir, sampleWorkdir } from '../harness/sample-module.js';
import { readBlobLock, readStateBlob } from '../harness/state-blob.js';
import { startTerraformBackend, type TerraformBackend } from '../harness/terraform-backend.js';

describe('terraform runner against the real azurerm backend on TLS Azurite', () => {
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

  async function setUp(key: string) {
    const container = `tfstate-${randomUUID().slice(0, 8)}`;
    const containerClient = backend.blobService().getContainerClient(container);
    // terraform does not create the container: init would fail with 404.
    await containerClient.create();
    cleanups.push(() => containerClient.delete());
    const workdir: SampleWorkdir = await sampleWorkdir();
    cleanups.push(() => workdir.remove());
    const logger = recordingLogger();
    const terraform = createTerraform({
      workingDirectory: workdir.dir,
      env: backend.terraformEnv,
      logger,
      timeoutMs: 90_000,
    });
    await terraform.init({ backendConfig: backend.backendConfig(container, key) });
    return { container, workdir, logger, terraform };
  }

  it('terraform version runs the real binary (fails if terraform is missing)', async () => {
    const terraform = createTerraform({ workingDirectory: process.cwd(), logger: recordingLogger() });
    const { version } = await terraform.version();
    expect(version).toMatch(/^1\.\d+\.\d+/);
  });

  it('terraform init, plan, apply, output and destroy keep the state blob at the expected key', async () => {
    const key = 'feat/pr-123/terraform.tfstate';
    const { container, workdir, logger, terraform } = await setUp(key);
    const service = backend.blobService();
    const varFile = await workdir.writeVars(
      'identity',
      identityVars('pr-123', { scaling: { instances: 2 } }),
    );

    expect(await terraform.plan({ out: 'create.tfplan', varFiles: [varFile] })).toEqual({ changed: true });
    const summary = await terraform.showPlan('create.tfplan');
    expect(summary).toMatchObject({ changed: true, add: 3, change: 0, destroy: 0, replace: 0 });
    expect(summary.addresses.add).toContain('terraform_data.app_service');

    await terraform.apply('create.tfplan', { lockTimeout: '30s' });
    const outputs = await terraform.output();
    expect(outputs.environment_url).toEqual({
      value: 'https://feat-pr-123.example.test',
      sensitive: false,
      type: 'string',
    });
    expect(outputs.database_connection_string?.sensitive).toBe(true);
    expect(nonSensitiveOutputValues(outputs)).toEqual({
      environment_url: 'https://feat-pr-123.example.test',
      resource_group: 'rg-feat-pr-123',
    });

    // Read back independently of terraform, with the storage SDK, at the key we chose.
    const applied = await readStateBlob(service, container, key);
    expect(applied.version).toBe(4);
    expect(applied.serial).toBeGreaterThanOrEqual(1);
    expect(applied.lineage).toMatch(/^[0-9a-f-]{36}$/);
    expect(applied.resources.map((resource) => `${resource.type}.${resource.name}`).sort()).toEqual([
      'terraform_data.app_service',
      'terraform_data.database',
      'terraform_data.resource_group',
    ]);
    expect(applied.outputs.environment_url?.value).toBe('https://feat-pr-123.example.test');
    // Unlocked once apply is done: no lease, no lock metadata.
    expect(await readBlobLock(service, container, key)).toEqual({
      leaseState: 'available',
      lockInfo: undefined,
    });
    expect(await terraform.stateResourceCount()).toBe(3);

    expect(await terraform.plan({ out: 'again.tfplan', varFiles: [varFile] })).toEqual({ changed: false });
    expect((await terraform.showPlan('again.tfplan')).changed).toBe(false);

    await terraform.destroy({ varFiles: [varFile], lockTimeout: '30s' });
    expect(await terraform.stateResourceCount()).toBe(0);
    const destroyed = await readStateBlob(service, container, key);
    expect(destroyed.resources).toEqual([]);
    expect(destroyed.lineage).toBe(applied.lineage);
    expect(destroyed.serial).toBeGreaterThan(applied.serial);

    const said = logger.lines.map((line) => line.message).join('\n');
    expect(said).toContain('$ terraform apply -input=false -no-color -lock-timeout=30s create.tfplan');
    expect(said).toContain('Apply complete! Resources: 3 added, 0 changed, 0 destroyed.');
    // Secrets never reach the log: not the access key, not the sensitive output.
    expect(said).not.toContain(backend.accountKey);
    expect(said).not.toContain('not-a-real-password');
  });

  it('terraform plan -destroy is summarised as destroys, and a changed variable as a replacement', async () => {
    const { workdir, terraform } = await setUp('feat/pr-7/terraform.tfstate');
    const varFile = await workdir.writeVars('identity', identityVars('pr-7'));
    await terraform.plan({ out: 'create.tfplan', varFiles: [varFile] });
    await terraform.apply('create.tfplan');

    const skuFile = await workdir.writeVars('sku', { app_sku: 'P1v3' });
    expect(await terraform.plan({ out: 'sku.tfplan', varFiles: [varFile, skuFile], refresh: false })).toEqual(
      {
        changed: true,
      },
    );
    expect(await terraform.showPlan('sku.tfplan')).toMatchObject({ replace: 1, add: 0, destroy: 0 });

    expect(await terraform.plan({ out: 'destroy.tfplan', varFiles: [varFile], destroy: true })).toEqual({
      changed: true,
    });
    expect(await terraform.showPlan('destroy.tfplan')).toMatchObject({ destroy: 3, add: 0 });
    await terraform.apply('destroy.tfplan');
    expect(await terraform.stateResourceCount()).toBe(0);
  });

  it('a failing terraform destroy throws TerraformCommandError with the end of stderr and keeps the state', async () => {
    const key = 'feat/pr-9/terraform.tfstate';
    const { container, workdir, terraform } = await setUp(key);
    const varFile = await workdir.writeVars('identity', identityVars('pr-9', { fail_on_destroy: true }));
    await terraform.plan({ out: 'create.tfplan', varFiles: [varFile] });
    await terraform.apply('create.tfplan');

    const failure = await terraform.destroy({ varFiles: [varFile] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TerraformCommandError);
    const error = failure as TerraformCommandError;
    expect(error.exitCode).toBe(1);
    expect(error.args.slice(0, 2)).toEqual(['destroy', '-input=false']);
    expect(error.stderrTail.join('\n')).toContain('refusing to destroy the database');
    expect(error.message).toMatch(/^terraform destroy failed with exit code 1:/);
    // The database survives, and so does the state that records it.
    expect(await terraform.stateResourceCount()).toBeGreaterThan(0);
    const state = await readStateBlob(backend.blobService(), container, key);
    expect(state.resources.map((resource) => resource.name)).toContain('database');
  });

  it('terraform init against a missing container fails with the backend error, not a hang', async () => {
    const workdir = await sampleWorkdir();
    cleanups.push(() => workdir.remove());
    const terraform = createTerraform({
      workingDirectory: workdir.dir,
      env: backend.terraformEnv,
      logger: recordingLogger(),
    });
    const failure = await terraform
      .init({ backendConfig: backend.backendConfig('no-such-container', 'feat/pr-1/terraform.tfstate') })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TerraformCommandError);
    expect((failure as TerraformCommandError).stderrTail.join('\n')).toMatch(/ContainerNotFound|404/);
  });
});
