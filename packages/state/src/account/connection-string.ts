import { ConfigurationError } from '@terrarium/core';

/** The parts of an Azure Storage connection string that Terrarium uses. */
export interface ParsedConnectionString {
  accountName: string;
  accountKey: string | undefined;
  sasToken: string | undefined;
  /** Where blob requests go: the emulator's `BlobEndpoint=`, or `https://<account>.blob.<suffix>`. */
  blobEndpoint: string;
}

const SOURCE = 'AZURE_STORAGE_CONNECTION_STRING';

/** Parses `Key=Value;...` as the Azure portal and Azurite print it. Never puts the secret in a message. */
export function parseConnectionString(text: string): ParsedConnectionString {
  const fields = new Map<string, string>();
  for (const part of text.split(';')) {
    if (part.trim() === '') continue;
    const equals = part.indexOf('=');
    if (equals <= 0) {
      throw new ConfigurationError(
        `${SOURCE} is not a storage connection string (expected Key=Value pairs separated by ";"); copy it again from the storage account's "Access keys" page`,
      );
    }
    fields.set(part.slice(0, equals).trim().toLowerCase(), part.slice(equals + 1).trim());
  }
  const accountKey = fields.get('accountkey') || undefined;
  const sasToken = fields.get('sharedaccesssignature')?.replace(/^\?/, '') || undefined;
  const explicitEndpoint = fields.get('blobendpoint')?.replace(/\/+$/, '') || undefined;
  const accountName = fields.get('accountname') || accountFromEndpoint(explicitEndpoint);
  if (!accountName) {
    throw new ConfigurationError(`${SOURCE} names no storage account: add AccountName=<account> to it`);
  }
  if (!accountKey && !sasToken) {
    throw new ConfigurationError(
      `${SOURCE} for account "${accountName}" holds neither AccountKey= nor SharedAccessSignature=; use a connection string with a key or a SAS, or unset it to sign in with Entra ID`,
    );
  }
  const protocol = fields.get('defaultendpointsprotocol') || 'https';
  const suffix = fields.get('endpointsuffix') || 'core.windows.net';
  return {
    accountName,
    accountKey,
    sasToken,
    blobEndpoint: explicitEndpoint ?? `${protocol}://${accountName}.blob.${suffix}`,
  };
}

function accountFromEndpoint(endpoint: string | undefined): string | undefined {
  if (!endpoint) return undefined;
  try {
    const url = new URL(endpoint);
    const host = url.hostname.split('.');
    // Emulators put the account in the path (http://127.0.0.1:10000/devstoreaccount1); Azure in the host.
    if (host.length > 1 && host[1] === 'blob') return host[0];
    return url.pathname.split('/').find((segment) => segment !== '');
  } catch {
    return undefined;
  }
}
