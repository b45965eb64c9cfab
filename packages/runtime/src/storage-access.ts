import type { BackendSpec, Logger } from '@terrarium/core';
import { resolveStorageAuth, type StorageAuth } from '@terrarium/state';
import { azureCredential } from './azure-credential.js';

/**
 * The state account, reached as the environment says (connection string, account key, or Entra
 * ID with the one credential runtime chooses). Every secret it holds goes to `mask` before
 * anything can print it.
 */
export function openStorage(
  backend: BackendSpec,
  env: Record<string, string | undefined>,
  options: { logger: Logger; mask: (secret: string) => void },
): StorageAuth {
  const auth = resolveStorageAuth(backend, env, { credential: azureCredential('default') });
  for (const secret of auth.secrets) options.mask(secret);
  for (const value of Object.values(auth.terraformEnv)) options.mask(value);
  options.logger.debug(`State store: ${auth.accountName} (${auth.mode})`);
  return auth;
}
