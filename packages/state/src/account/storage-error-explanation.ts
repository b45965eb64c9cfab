import { ConfigurationError } from '@terrarium/core';

interface RestErrorShape {
  statusCode?: unknown;
  code?: unknown;
  request?: { url?: unknown };
}

/** Node and SDK codes for a storage endpoint that could not be reached at all. */
const UNREACHABLE = new Set([
  'REQUEST_SEND_ERROR',
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EAI_AGAIN',
]);

function accountAndContainer(url: unknown): { account: string; container: string | undefined } {
  try {
    const parsed = new URL(String(url));
    const segments = parsed.pathname.split('/').filter((segment) => segment !== '');
    // Emulators put the account in the path; Azure in the host name.
    if (parsed.hostname.includes('.blob.')) {
      return { account: parsed.hostname.split('.')[0] ?? '', container: segments[0] };
    }
    return { account: segments[0] ?? '', container: segments[1] };
  } catch {
    return { account: 'the storage account', container: undefined };
  }
}

/**
 * Storage answers that mean the user has something to change, not that Terrarium has a bug: a
 * container that is not there, credentials the account refuses, an account that cannot be
 * reached. Shared by the CLI and the actions so both say the same thing. Anything else is
 * returned as is. `fallbackAccount` names the account when the error carries no request URL.
 */
export function explainStorageError(error: unknown, fallbackAccount?: string): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const { statusCode, code, request } = error as RestErrorShape;
  const parsed = accountAndContainer(request?.url);
  const account = request?.url === undefined && fallbackAccount ? fallbackAccount : parsed.account;
  const { container } = parsed;
  if (statusCode === 404 && code === 'ContainerNotFound') {
    return new ConfigurationError(
      `container "${container ?? '?'}" does not exist in storage account ${account}: check backend.container in the catalog, or create it (the configure-backend action does, with bootstrap)`,
    );
  }
  if (statusCode === 403) {
    return new ConfigurationError(
      `storage account ${account} refused the credentials (${String(code ?? 'Forbidden')}): check AZURE_STORAGE_CONNECTION_STRING or the account key, or give the identity (the workflow's, or yours after az login) the Storage Blob Data Contributor role on the account`,
    );
  }
  if (statusCode === undefined && typeof code === 'string' && UNREACHABLE.has(code)) {
    return new ConfigurationError(
      `could not reach storage account ${account} (${code}): check the account name in the catalog, the network (firewall, private endpoint) and any BlobEndpoint in AZURE_STORAGE_CONNECTION_STRING`,
    );
  }
  return error;
}
