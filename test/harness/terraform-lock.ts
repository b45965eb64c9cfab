import { randomUUID } from 'node:crypto';
import type { BlockBlobClient } from '@azure/storage-blob';

export interface WrittenLock {
  id: string;
  created: Date;
}

/**
 * Locks a state blob the way terraform's azurerm backend does: an empty blob if there is
 * none, an infinite lease whose id is the lock id, and `terraformlockid` metadata holding
 * the lock info as base64 JSON, written under that lease. The name's case is what terraform's
 * Go client sends (it canonicalizes headers), and listings return it as stored.
 */
export async function lockLikeTerraform(
  blob: BlockBlobClient,
  info: {
    who?: string;
    info?: string;
    operation?: string;
    createdAgoMs?: number;
    /** The clock the lock's age is measured against; a test with a fixed `now` passes it here. */
    now?: Date;
    path?: string;
  } = {},
): Promise<WrittenLock> {
  if (!(await blob.exists())) await blob.upload('', 0);
  const id = randomUUID();
  const created = new Date((info.now?.getTime() ?? Date.now()) - (info.createdAgoMs ?? 0));
  await blob.getBlobLeaseClient(id).acquireLease(-1);
  const lockInfo = {
    ID: id,
    Operation: info.operation ?? 'OperationTypeApply',
    Info: info.info ?? '',
    Who: info.who ?? 'runner@fv-az101-42',
    Version: '1.11.4',
    // Go's RFC 3339 with nanoseconds.
    Created: created.toISOString().replace('Z', '123456Z'),
    Path: info.path ?? `${blob.containerName}/${blob.name}`,
  };
  // Terraform adds its key to whatever metadata the blob already has.
  const { metadata } = await blob.getProperties();
  await blob.setMetadata(
    { ...metadata, Terraformlockid: Buffer.from(JSON.stringify(lockInfo)).toString('base64') },
    { conditions: { leaseId: id } },
  );
  return { id, created };
}
