import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogEnvironment, catalogYaml } from '../../harness/catalog.js';
import { type ActionRun, runAction } from '../../harness/run-action.js';
import { startTerraformBackend, type TerraformBackend } from '../../harness/terraform-backend.js';
import { pullRequestPayload, schedulePayload } from '../../harness/webhook-payloads.js';

const run = promisify(execFile);

/** The workspace's catalog: a long-lived and an ephemeral environment over the `infra` module. */
function catalogText(
  account: string,
  container: string,
  more: Record<string, CatalogEnvironment> = {},
): string {
  return catalogYaml({
    account,
    container,
    rootModule: 'infra',
    environments: { dev: { kind: 'long-lived' }, feat: { kind: 'ephemeral', ttl: '72h' }, ...more },
  });
}

describe('configure-backend action, run as a runner runs it', () => {
  let backend: TerraformBackend;
  let counter = 0;

  beforeAll(async () => {
    backend = await startTerraformBackend();
  });
  afterAll(async () => {
    await backend?.stop();
  });

  interface Step extends ActionRun {
    container: string;
  }

  /** A workspace with a catalog, then one run of the bundled action with these inputs and event. */
  async function step(options: {
    inputs: Record<string, string>;
    event: { name: string; payload: unknown };
    catalog?: string;
    account?: string;
    /** Credentials in the step's environment; the connection string to the test bed by default. */
    auth?: Record<string, string>;
  }): Promise<Step> {
    const container = `tfstate-${process.pid}-${++counter}`;
    const workspace = mkdtempSync(join(tmpdir(), 'terrarium-workspace-'));
    writeFileSync(
      join(workspace, 'environments.yaml'),
      options.catalog ?? catalogText(options.account ?? backend.accountName, container),
    );
    mkdirSync(join(workspace, 'infra'));
    const result = await runAction('configure-backend', {
      inputs: options.inputs,
      event: options.event,
      workspace,
      env: {
        ...backend.nodeEnv,
        ...(options.auth ?? { AZURE_STORAGE_CONNECTION_STRING: backend.connectionString }),
      },
    });
    return { ...result, container };
  }

  it('names a pull request environment, creates its container, and terraform inits and applies with the file', async () => {
    const result = await step({
      inputs: { environment: 'feat', 'working-directory': 'infra' },
      event: {
        name: 'pull_request',
        payload: pullRequestPayload('opened', { number: 4242, headRef: 'feature/x' }),
      },
    });
    expect(result.code, result.log).toBe(0);
    const outputs = result.runner.outputs();
    expect(outputs).toMatchObject({
      'env-id': 'feat-pr-4242',
      instance: 'pr-4242',
      'storage-account': backend.accountName,
      'state-container': result.container,
      'state-key': 'feat/pr-4242/terraform.tfstate',
    });
    const expiresIn = new Date(outputs['expires-at'] ?? '').getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(71 * 3600_000);
    expect(expiresIn).toBeLessThanOrEqual(72 * 3600_000);

    const file = outputs['backend-config-file'] ?? '';
    const temp = result.runner.env.RUNNER_TEMP as string;
    expect(relative(temp, file).startsWith('..')).toBe(false);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(`key = "feat/pr-4242/terraform.tfstate"`);
    expect(text).not.toContain(backend.accountKey);

    expect(await backend.blobService().getContainerClient(result.container).exists()).toBe(true);

    // The key reaches terraform only through the variable the action exported, and was masked first.
    const exported = result.runner.exported();
    expect(exported.ARM_ACCESS_KEY).toBe(backend.accountKey);
    // Masked before the first line that is not a mask registration.
    const firstLog = result.stdout.split('\n').findIndex((line) => !line.startsWith('::add-mask::'));
    const masks = result.stdout.split('\n').slice(0, firstLog);
    expect(masks).toContain(`::add-mask::${backend.accountKey}`);
    expect(masks).toContain(`::add-mask::${backend.connectionString}`);
    expect(result.log).not.toContain(backend.accountKey);
    expect(result.log).not.toContain(backend.connectionString);

    const summary = result.runner.summary();
    expect(summary).toContain('feat-pr-4242');
    expect(summary).toContain('feat/pr-4242/terraform.tfstate');
    expect(summary).not.toContain(backend.accountKey);

    const module = join(result.runner.env.GITHUB_WORKSPACE as string, 'infra');
    writeFileSync(
      join(module, 'main.tf'),
      'terraform {\n  backend "azurerm" {}\n}\nresource "terraform_data" "marker" {\n  input = "pr-4242"\n}\n',
    );
    const { ARM_ACCESS_KEY: _fromTestBed, ...terraformEnv } = backend.terraformEnv;
    const env = { PATH: process.env.PATH ?? '', HOME: result.runner.dir, ...terraformEnv, ...exported };
    await run('terraform', [`-chdir=${module}`, 'init', '-input=false', `-backend-config=${file}`], { env });
    await run('terraform', [`-chdir=${module}`, 'apply', '-input=false', '-auto-approve'], { env });
    const state = await backend
      .blobService()
      .getContainerClient(result.container)
      .getBlobClient('feat/pr-4242/terraform.tfstate')
      .downloadToBuffer();
    expect(JSON.parse(state.toString('utf8')).resources[0].type).toBe('terraform_data');
  });

  it('derives run-<id> for a schedule and leaves the container alone without bootstrap', async () => {
    const result = await step({
      inputs: { environment: 'feat', bootstrap: 'false' },
      event: { name: 'schedule', payload: schedulePayload() },
    });
    expect(result.code, result.log).toBe(0);
    expect(result.runner.outputs()).toMatchObject({
      'env-id': 'feat-run-9876543210',
      'state-key': 'feat/run-9876543210/terraform.tfstate',
    });
    expect(await backend.blobService().getContainerClient(result.container).exists()).toBe(false);
  });

  it('gives a long-lived environment its plain key and no expiry', async () => {
    const result = await step({
      inputs: { environment: 'dev', instance: '' },
      event: { name: 'push', payload: {} },
    });
    expect(result.code, result.log).toBe(0);
    expect(result.runner.outputs()).toMatchObject({
      'env-id': 'dev',
      instance: '',
      'state-key': 'dev/terraform.tfstate',
      'expires-at': '',
    });
  });

  it('exports ARM_ACCESS_KEY, masked, in account-key mode, and nothing at all with Entra ID', async () => {
    const keyed = await step({
      inputs: { environment: 'dev', bootstrap: 'false' },
      event: { name: 'push', payload: {} },
      auth: { AZURE_STORAGE_KEY: backend.accountKey },
    });
    expect(keyed.code, keyed.log).toBe(0);
    expect(keyed.runner.exported()).toEqual({ ARM_ACCESS_KEY: backend.accountKey });
    expect(keyed.stdout.split('\n')[0]).toBe(`::add-mask::${backend.accountKey}`);
    expect(keyed.log).not.toContain(backend.accountKey);

    const entra = await step({
      inputs: { environment: 'dev', bootstrap: 'false' },
      event: { name: 'push', payload: {} },
      auth: {},
    });
    expect(entra.code, entra.log).toBe(0);
    expect(entra.runner.exported()).toEqual({});
    const file = readFileSync(entra.runner.outputs()['backend-config-file'] ?? '', 'utf8');
    expect(file).toContain('use_azuread_auth = true');
    expect(file).toContain(`storage_account_name = "${backend.accountName}"`);
    expect(entra.runner.summary()).toContain('azuread');
  });

  it('fails on an unknown environment, listing the valid ones', async () => {
    const result = await step({
      inputs: { environment: 'prod' },
      event: { name: 'pull_request', payload: pullRequestPayload('opened') },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/::error::unknown environment "prod"; .* declares dev, feat/);
    expect(result.runner.outputs()).toEqual({});
  });

  it('fails on a catalog mistake with its file, line and column', async () => {
    const result = await step({
      inputs: { environment: 'dev' },
      event: { name: 'push', payload: {} },
      catalog: catalogText(backend.accountName, 'tfstate', { qa: { kind: 'forever' } }),
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/::error::.*environments\.yaml:\d+:\d+: .*kind/);
    expect(result.stdout).not.toContain('    at ');
  });

  it('fails when the connection string is for another account, without printing it', async () => {
    const result = await step({
      inputs: { environment: 'dev' },
      event: { name: 'push', payload: {} },
      account: 'someotheraccount',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('::error::AZURE_STORAGE_CONNECTION_STRING is for storage account');
    expect(result.log).not.toContain(backend.accountKey);
    expect(result.stdout).toContain(`::add-mask::${backend.connectionString}`);
  });

  it('fails with what to check when the account refuses the key, without printing it', async () => {
    const wrongKey = Buffer.from('not-the-key-of-this-account-0123456789').toString('base64');
    const result = await step({
      inputs: { environment: 'feat' },
      event: { name: 'pull_request', payload: pullRequestPayload('opened', { number: 9 }) },
      auth: {
        AZURE_STORAGE_CONNECTION_STRING: backend.connectionString.replace(backend.accountKey, wrongKey),
      },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/::error::storage account terrariumtest refused the credentials \(\w+\)/);
    expect(result.stdout).not.toContain('configure-backend failed');
    expect(result.log).not.toContain(wrongKey);
    expect(result.runner.outputs()).toEqual({});
  });

  it('fails on a bad bootstrap value and a missing working directory', async () => {
    const bad = await step({
      inputs: { environment: 'dev', bootstrap: 'yes' },
      event: { name: 'push', payload: {} },
    });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('::error::input "bootstrap" must be true or false, not "yes"');
    const missing = await step({
      inputs: { environment: 'dev', 'working-directory': 'nowhere' },
      event: { name: 'push', payload: {} },
    });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(
      /::error::input "working-directory" is ".*nowhere", which is not a directory/,
    );
    // Refused before anything was written: no backend file in the runner's temp folder.
    expect(readdirSync(missing.runner.env.RUNNER_TEMP as string)).toEqual([]);
  });
});
