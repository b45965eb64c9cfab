import { ConfigurationError } from '@terrarium/core';

interface RestErrorShape {
  statusCode?: unknown;
  code?: unknown;
  request?: { url?: unknown };
}

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
 * Storage answers that mean the user has something to change, not that terrarium has a bug: a
 * container that is not there, credentials the account refuses. Anything else is returned as is.
 */
export function explainStorageError(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const { statusCode, code, request } = error as RestErrorShape;
  const { account, container } = accountAndContainer(request?.url);
  if (statusCode === 404 && code === 'ContainerNotFound') {
    return new ConfigurationError(
      `container "${container ?? '?'}" does not exist in storage account ${account}: check backend.container in the catalog, or create it (the configure-backend action does, with bootstrap)`,
    );
  }
  if (statusCode === 403 && (code === 'AuthenticationFailed' || code === 'AuthorizationPermissionMismatch')) {
    return new ConfigurationError(
      `storage account ${account} refused the credentials (${String(code)}): check AZURE_STORAGE_CONNECTION_STRING or the account key, or that your identity has Storage Blob Data Contributor`,
    );
  }
  return error;
}
