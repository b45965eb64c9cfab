import { readFileSync } from 'node:fs';

export type BillingClass = 'write' | 'read' | 'list' | 'other' | 'free';

/**
 * Azurite's operation names by Azure's billing class for a general-purpose v2 account, as
 * Microsoft's "Map each REST operation to a price" lists them (Set Blob Tier to a cooler tier is
 * a write, Snapshot Blob and every property, metadata, tag and lease call "other", deletes free).
 */
const CLASSES: Record<string, BillingClass> = {
  BlockBlob_Upload: 'write',
  BlockBlob_StageBlock: 'write',
  BlockBlob_CommitBlockList: 'write',
  BlockBlob_PutBlobFromUrl: 'write',
  Blob_StartCopyFromURL: 'write',
  Blob_CopyFromURL: 'write',
  Blob_SetTier: 'write',
  AppendBlob_AppendBlock: 'write',
  Blob_Download: 'read',
  Container_Create: 'list',
  Container_ListBlobFlatSegment: 'list',
  Container_ListBlobHierarchySegment: 'list',
  Container_FilterBlobs: 'list',
  Service_FilterBlobs: 'list',
  Service_ListContainersSegment: 'list',
  Blob_Delete: 'free',
  Container_Delete: 'free',
};

/** Every operation Azurite logged in its debug log so far, in order. */
export function azuriteOperations(debugLog: string): string[] {
  return [...readFileSync(debugLog, 'utf8').matchAll(/Operation=(\w+)/g)].map((match) => match[1] ?? '');
}

/** Operations counted by billing class. */
export function byBillingClass(operations: readonly string[]): Record<BillingClass, number> {
  const counts: Record<BillingClass, number> = { write: 0, read: 0, list: 0, other: 0, free: 0 };
  for (const operation of operations) counts[CLASSES[operation] ?? 'other'] += 1;
  return counts;
}
