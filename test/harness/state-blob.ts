import type { BlobServiceClient } from '@azure/storage-blob';

/** What terraform writes into the state blob (format version 4), read without terraform. */
export interface StateFile {
  version: number;
  terraform_version: string;
  serial: number;
  lineage: string;
  outputs: Record<string, { value: unknown; type: unknown; sensitive?: boolean }>;
  resources: { mode: string; type: string; name: string; instances: unknown[] }[];
}

export async function readStateBlob(
  service: BlobServiceClient,
  container: string,
  key: string,
): Promise<StateFile> {
  const buffer = await service.getContainerClient(container).getBlockBlobClient(key).downloadToBuffer();
  return JSON.parse(buffer.toString('utf8')) as StateFile;
}

export interface BlobLock {
  leaseState: string | undefined;
  /** The decoded `terraformlockid` metadata the azurerm backend writes next to its lease. */
  lockInfo: Record<string, string> | undefined;
}

export async function readBlobLock(
  service: BlobServiceClient,
  container: string,
  key: string,
): Promise<BlobLock> {
  const properties = await service.getContainerClient(container).getBlockBlobClient(key).getProperties();
  const encoded = properties.metadata?.terraformlockid;
  return {
    leaseState: properties.leaseState,
    lockInfo: encoded
      ? (JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as Record<string, string>)
      : undefined,
  };
}

/** Polls until terraform holds the lease on the state blob (the blob may not exist at first). */
export async function waitForLease(
  service: BlobServiceClient,
  container: string,
  key: string,
  timeoutMs = 20_000,
): Promise<BlobLock> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lock = await readBlobLock(service, container, key).catch(() => undefined);
    if (lock?.leaseState === 'leased' && lock.lockInfo) return lock;
    if (Date.now() > deadline)
      throw new Error(`terraform did not lease ${container}/${key} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
