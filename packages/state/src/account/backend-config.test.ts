import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BackendSpec, ConfigurationError } from '@terrarium/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  backendConfigFor,
  hclString,
  renderBackendConfig,
  writeBackendConfigFile,
} from './backend-config.js';

const backend: BackendSpec = {
  storageAccount: 'tfstateprod',
  resourceGroup: 'rg-tfstate',
  subscriptionId: '00000000-0000-0000-0000-000000000001',
  container: 'tfstate',
  ephemeralLayout: 'shared-container',
};
const target = { stateContainer: 'tfstate', stateKey: 'feat/pr-123/terraform.tfstate' };

describe('backendConfigFor', () => {
  it('names the account, container and key, and asks for Entra ID only when signed in with it', () => {
    expect(backendConfigFor(target, { accountName: 'tfstateprod', useAzureAdAuth: true }, backend)).toEqual({
      storage_account_name: 'tfstateprod',
      container_name: 'tfstate',
      key: 'feat/pr-123/terraform.tfstate',
      use_azuread_auth: 'true',
      resource_group_name: 'rg-tfstate',
      subscription_id: '00000000-0000-0000-0000-000000000001',
    });
    const withKey = backendConfigFor(
      target,
      { accountName: 'tfstateprod', useAzureAdAuth: false },
      { ...backend, resourceGroup: undefined, subscriptionId: undefined },
    );
    expect(withKey).toEqual({
      storage_account_name: 'tfstateprod',
      container_name: 'tfstate',
      key: 'feat/pr-123/terraform.tfstate',
    });
  });
});

describe('hclString', () => {
  it.each([
    ['plain', '"plain"'],
    ['a "quoted" name', '"a \\"quoted\\" name"'],
    ['back\\slash', '"back\\\\slash"'],
    ['line\nbreak\ttab', '"line\\nbreak\\ttab"'],
    ['\u0024{var.x} and %{if}', '"\u0024\u0024{var.x} and %%{if}"'],
    ['bell\u0007', '"bell\\u0007"'],
  ])('escapes %j', (value, expected) => {
    expect(hclString(value)).toBe(expected);
  });
});

describe('renderBackendConfig', () => {
  it('writes name = "value" lines and booleans bare', () => {
    expect(renderBackendConfig({ key: 'stg/terraform.tfstate', use_azuread_auth: 'true' })).toBe(
      'key = "stg/terraform.tfstate"\nuse_azuread_auth = true\n',
    );
  });

  const accountKey = Buffer.alloc(64, 7).toString('base64');
  it.each([
    ['access_key', 'anything'],
    ['sas_token', 'sv=2022'],
    ['key', `DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${accountKey}`],
    ['key', 'sv=2022-11-02&ss=b&sig=abcdef'],
    ['container_name', accountKey],
    ['key', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'],
  ])('refuses %s when it holds a secret, without echoing it', (key, value) => {
    expect(() => renderBackendConfig({ [key]: value })).toThrow(ConfigurationError);
    try {
      renderBackendConfig({ [key]: value });
    } catch (error) {
      expect((error as Error).message).not.toContain(value);
    }
  });
});

describe('writeBackendConfigFile', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    delete process.env.GITHUB_WORKSPACE;
  });

  it('writes a new private file each time into the given folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'backend-config-'));
    dirs.push(dir);
    const first = writeBackendConfigFile({ key: 'a' }, dir);
    const second = writeBackendConfigFile({ key: 'b' }, dir);
    expect(first).not.toBe(second);
    expect(readdirSync(dir)).toHaveLength(2);
    expect(readFileSync(first, 'utf8')).toBe('key = "a"\n');
    expect(statSync(first).mode & 0o777).toBe(0o600);
  });

  it('refuses a folder inside the repository checkout', () => {
    const workspace = mkdtempSync(join(tmpdir(), 'workspace-'));
    dirs.push(workspace);
    process.env.GITHUB_WORKSPACE = workspace;
    expect(() => writeBackendConfigFile({ key: 'a' }, join(workspace, 'infra'))).toThrow(
      /inside the repository/,
    );
    expect(() => writeBackendConfigFile({ key: 'a' }, workspace)).toThrow(/inside the repository/);
  });
});
