import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { backendConfigFor, resolveStorageAuth, writeBackendConfigFile } from '@terrarium/state';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Azurite, startAzurite } from '../harness/azurite.js';
import { backendSpec, ephemeralTarget } from '../harness/target-factory.js';

describe('backend configuration file', () => {
  let azurite: Azurite;
  const written: string[] = [];
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterEach(() => {
    for (const file of written.splice(0)) rmSync(file, { force: true });
  });
  afterAll(async () => {
    await azurite?.stop();
  });

  it('goes to the temp folder and holds no secret of the auth it was made for', () => {
    const backend = backendSpec('tfstate', { resourceGroup: 'rg-state', subscriptionId: 'sub-1' });
    const auth = resolveStorageAuth(backend, { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString });
    const target = ephemeralTarget('tfstate', 'feat', 'pr-7');
    const file = writeBackendConfigFile(backendConfigFor(target, auth, backend));
    written.push(file);
    expect(dirname(file)).toBe(process.env.RUNNER_TEMP ?? tmpdir());
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(
      [
        `storage_account_name = "${azurite.accountName}"`,
        'container_name = "tfstate"',
        'key = "feat/pr-7/terraform.tfstate"',
        'resource_group_name = "rg-state"',
        'subscription_id = "sub-1"',
        '',
      ].join('\n'),
    );
    expect(auth.secrets.length).toBeGreaterThan(0);
    for (const secret of auth.secrets) expect(text).not.toContain(secret);
  });

  it('goes to RUNNER_TEMP on a runner', () => {
    const previous = process.env.RUNNER_TEMP;
    const runnerTemp = mkdtempSync(join(tmpdir(), 'runner-temp-'));
    process.env.RUNNER_TEMP = runnerTemp;
    try {
      const file = writeBackendConfigFile({ key: 'stg/terraform.tfstate' });
      expect(dirname(file)).toBe(runnerTemp);
      expect(readFileSync(file, 'utf8')).toBe('key = "stg/terraform.tfstate"\n');
    } finally {
      if (previous === undefined) delete process.env.RUNNER_TEMP;
      else process.env.RUNNER_TEMP = previous;
      rmSync(runnerTemp, { recursive: true, force: true });
    }
  });
});
