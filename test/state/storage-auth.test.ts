import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { ConfigurationError } from '@terrarium/core';
import { resolveStorageAuth } from '@terrarium/state';
import { createRequestCounter } from '@terrarium/state/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Azurite, startAzurite } from '../harness/azurite.js';
import { backendSpec, uniqueContainer } from '../harness/target-factory.js';

const fakeCredential: TokenCredential = {
  getToken: async (): Promise<AccessToken> => ({
    token: 'not-a-token',
    expiresOnTimestamp: Date.now() + 3_600_000,
  }),
};

describe('resolveStorageAuth', () => {
  let azurite: Azurite;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(async () => {
    await azurite?.stop();
  });

  it('uses the connection string first, reaches the emulator with it, and hands terraform the key', async () => {
    const counter = createRequestCounter();
    const auth = resolveStorageAuth(
      backendSpec('tfstate'),
      {
        AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
        AZURE_STORAGE_KEY: 'b3RoZXI=',
        ARM_ACCESS_KEY: 'dGhpcmQ=',
      },
      { pipelineOptions: { retryOptions: { maxTries: 1 } }, policies: [counter.policy] },
    );
    expect(auth.mode).toBe('connection-string');
    expect(auth.accountName).toBe(azurite.accountName);
    expect(auth.useAzureAdAuth).toBe(false);
    expect(auth.terraformEnv).toEqual({ ARM_ACCESS_KEY: azurite.accountKey });
    expect(auth.secrets).toEqual(expect.arrayContaining([azurite.connectionString, azurite.accountKey]));
    expect(auth.blobService.url).toContain(`127.0.0.1:${azurite.port}/${azurite.accountName}`);

    const container = auth.blobService.getContainerClient(uniqueContainer('auth'));
    await container.create();
    await container.getBlockBlobClient('x/terraform.tfstate').upload('{}', 2);
    expect(await container.getBlockBlobClient('x/terraform.tfstate').exists()).toBe(true);
    await container.delete();
    // The extra policy sees every request the client sends: create, upload, exists, delete.
    expect(counter.total).toBe(4);
    expect(counter.byMethod).toEqual({ PUT: 2, HEAD: 1, DELETE: 1 });
  });

  it('refuses a connection string for another account, naming both accounts and never the key', () => {
    let caught: unknown;
    try {
      resolveStorageAuth(backendSpec('tfstate', { storageAccount: 'tfstateprod' }), {
        AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigurationError);
    const message = (caught as Error).message;
    expect(message).toContain(`"${azurite.accountName}"`);
    expect(message).toContain('"tfstateprod"');
    expect(message).not.toContain(azurite.accountKey);
  });

  it.each([
    [
      'AZURE_STORAGE_KEY',
      { AZURE_STORAGE_KEY: 'a2V5LW9uZQ==', ARM_ACCESS_KEY: 'a2V5LXR3bw==' },
      'a2V5LW9uZQ==',
    ],
    [
      'ARM_ACCESS_KEY',
      { ARM_ACCESS_KEY: 'a2V5LXR3bw==', AZURE_STORAGE_CONNECTION_STRING: '  ' },
      'a2V5LXR3bw==',
    ],
  ])("signs with an account key from %s, at the catalog account's public endpoint", (_name, env, key) => {
    const auth = resolveStorageAuth(backendSpec('tfstate', { storageAccount: 'tfstateprod' }), env);
    expect(auth.mode).toBe('account-key');
    expect(auth.accountName).toBe('tfstateprod');
    expect(auth.blobService.url).toBe('https://tfstateprod.blob.core.windows.net/');
    expect(auth.secrets).toEqual([key]);
    expect(auth.terraformEnv).toEqual({ ARM_ACCESS_KEY: key });
    expect(auth.useAzureAdAuth).toBe(false);
  });

  it('refuses an account key that is not base64, without echoing it', () => {
    expect(() => resolveStorageAuth(backendSpec('tfstate'), { ARM_ACCESS_KEY: 'not a key!' })).toThrow(
      /ARM_ACCESS_KEY is not a storage account key/,
    );
  });

  it('falls back to Entra ID with no secret at all', () => {
    const auth = resolveStorageAuth(
      backendSpec('tfstate', { storageAccount: 'tfstateprod' }),
      { ARM_ACCESS_KEY: '' },
      { credential: fakeCredential },
    );
    expect(auth).toMatchObject({
      mode: 'azuread',
      accountName: 'tfstateprod',
      secrets: [],
      terraformEnv: {},
      useAzureAdAuth: true,
    });
    expect(auth.blobService.url).toBe('https://tfstateprod.blob.core.windows.net/');
  });

  it('uses a SAS connection string without a key, and gives terraform ARM_SAS_TOKEN', () => {
    const auth = resolveStorageAuth(backendSpec('tfstate'), {
      AZURE_STORAGE_CONNECTION_STRING: `BlobEndpoint=${azurite.blobEndpoint};SharedAccessSignature=sv=2022-11-02&sig=c2ln`,
    });
    expect(auth.mode).toBe('connection-string');
    expect(auth.terraformEnv).toEqual({ ARM_SAS_TOKEN: 'sv=2022-11-02&sig=c2ln' });
    expect(auth.blobService.url).toContain('sig=c2ln');
  });
});
