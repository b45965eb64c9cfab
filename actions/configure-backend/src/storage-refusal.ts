import { ConfigurationError } from '@terrarium/core';

/**
 * The state account refusing the credentials is the workflow's to fix (a wrong key, a missing
 * role), so it fails as a ConfigurationError saying what to check; anything else stays as it was.
 */
export function explainStorageRefusal(error: unknown, account: string): unknown {
  const { statusCode, code } = (error ?? {}) as { statusCode?: unknown; code?: unknown };
  if (statusCode !== 403) return error;
  return new ConfigurationError(
    `storage account ${account} refused the credentials (${String(code ?? 'Forbidden')}): check the key or connection string, or give the workflow's identity the Storage Blob Data Contributor role on the account`,
  );
}
