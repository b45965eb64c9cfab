import type { TokenCredential } from '@azure/core-auth';
import {
  AnonymousCredential,
  BlobServiceClient,
  newPipeline,
  type RequestPolicyFactory,
  type StoragePipelineOptions,
  StorageSharedKeyCredential,
} from '@azure/storage-blob';
import { type BackendSpec, ConfigurationError } from '@terrarium/core';
import { parseConnectionString } from './connection-string.js';

export type StorageAuthMode = 'connection-string' | 'account-key' | 'azuread';

export interface StorageAuth {
  mode: StorageAuthMode;
  accountName: string;
  blobService: BlobServiceClient;
  /** Every secret value this auth holds: the caller masks each one before anything can print. */
  secrets: string[];
  /** What terraform's azurerm backend needs in its environment (ARM_ACCESS_KEY or ARM_SAS_TOKEN; nothing for Entra ID). */
  terraformEnv: Record<string, string>;
  useAzureAdAuth: boolean;
}

export interface StorageAuthOptions {
  /** Retry, proxy and HTTP client options for every request (tests set `retryOptions: { maxTries: 1 }`). */
  pipelineOptions?: StoragePipelineOptions;
  /** Extra request policies, e.g. a request counter. */
  policies?: RequestPolicyFactory[];
  /**
   * The Entra ID credential, used when no connection string or key is set. @terrarium/runtime
   * chooses it (DefaultAzureCredential: azure/login's OIDC session in Actions, az login elsewhere).
   */
  credential?: TokenCredential;
}

function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * Chooses how to reach the state account, in this order: AZURE_STORAGE_CONNECTION_STRING
 * (also how the emulator is used), an account key (AZURE_STORAGE_KEY or ARM_ACCESS_KEY),
 * else Entra ID. Keys are the fallback, not the goal: Entra ID needs no secret at all.
 */
export function resolveStorageAuth(
  backend: BackendSpec,
  env: Record<string, string | undefined>,
  options: StorageAuthOptions = {},
): StorageAuth {
  const pipelineFor = (credential: StorageSharedKeyCredential | AnonymousCredential | TokenCredential) => {
    const pipeline = newPipeline(credential, options.pipelineOptions ?? {});
    pipeline.factories.push(...(options.policies ?? []));
    return pipeline;
  };

  const connectionString = present(env.AZURE_STORAGE_CONNECTION_STRING);
  if (connectionString) {
    const parsed = parseConnectionString(connectionString);
    if (parsed.accountName !== backend.storageAccount) {
      throw new ConfigurationError(
        `AZURE_STORAGE_CONNECTION_STRING is for storage account "${parsed.accountName}", but the catalog's backend storage-account is "${backend.storageAccount}": use the connection string of "${backend.storageAccount}" or change storage-account in the catalog`,
      );
    }
    const terraformEnv: Record<string, string> = {};
    const secrets = [connectionString];
    let credential: StorageSharedKeyCredential | AnonymousCredential = new AnonymousCredential();
    let url = parsed.blobEndpoint;
    if (parsed.accountKey) {
      credential = sharedKey(parsed.accountName, parsed.accountKey, 'AZURE_STORAGE_CONNECTION_STRING');
      terraformEnv.ARM_ACCESS_KEY = parsed.accountKey;
      secrets.push(parsed.accountKey);
    } else if (parsed.sasToken) {
      url = `${url}?${parsed.sasToken}`;
      terraformEnv.ARM_SAS_TOKEN = parsed.sasToken;
      secrets.push(parsed.sasToken);
    }
    return {
      mode: 'connection-string',
      accountName: parsed.accountName,
      blobService: new BlobServiceClient(url, pipelineFor(credential)),
      secrets,
      terraformEnv,
      useAzureAdAuth: false,
    };
  }

  const accountName = backend.storageAccount;
  const url = `https://${accountName}.blob.core.windows.net`;
  const keyVariable = present(env.AZURE_STORAGE_KEY) ? 'AZURE_STORAGE_KEY' : 'ARM_ACCESS_KEY';
  const accountKey = present(env[keyVariable]);
  if (accountKey) {
    return {
      mode: 'account-key',
      accountName,
      blobService: new BlobServiceClient(url, pipelineFor(sharedKey(accountName, accountKey, keyVariable))),
      secrets: [accountKey],
      terraformEnv: { ARM_ACCESS_KEY: accountKey },
      useAzureAdAuth: false,
    };
  }

  const credential = options.credential;
  if (!credential) {
    // A caller's bug, not the user's: every entry point passes runtime's credential.
    throw new Error('Entra ID access to the state store needs a credential: pass options.credential');
  }
  return {
    mode: 'azuread',
    accountName,
    blobService: new BlobServiceClient(url, pipelineFor(credential)),
    secrets: [],
    terraformEnv: {},
    useAzureAdAuth: true,
  };
}

function sharedKey(accountName: string, key: string, source: string): StorageSharedKeyCredential {
  // An account key is base64; anything else would only fail later with a baffling 403.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key) || key.length % 4 !== 0) {
    throw new ConfigurationError(
      `${source} is not a storage account key (expected base64): copy key1 or key2 of "${accountName}" again`,
    );
  }
  return new StorageSharedKeyCredential(accountName, key);
}
