import type { BlobItem, ContainerClient } from '@azure/storage-blob';
import { STORAGE_TIERS, type StorageTier } from '../cost/cost-prices.js';
import type { ProgressListener } from '../listing/status-listing.js';
import type { PolicyObject } from './policy-simulate.js';

const BLOB_TYPES: Record<string, PolicyObject['blobType']> = {
  BlockBlob: 'blockBlob',
  AppendBlob: 'appendBlob',
  PageBlob: 'pageBlob',
};

function objectOf(container: string, item: BlobItem): PolicyObject {
  const previous = !item.snapshot && item.versionId !== undefined && item.isCurrentVersion !== true;
  const version: PolicyObject['version'] = item.snapshot ? 'snapshot' : previous ? 'previous' : 'current';
  const properties = item.properties;
  const lastModified = properties.lastModified;
  // A version id and a snapshot id are the time they were made.
  const stamp = item.snapshot || (previous ? item.versionId : undefined);
  const created = stamp ? new Date(stamp) : (properties.createdOn ?? lastModified);
  return {
    container,
    name: item.name,
    version,
    id: item.snapshot || (previous ? item.versionId : undefined),
    blobType: BLOB_TYPES[properties.blobType ?? 'BlockBlob'] ?? 'blockBlob',
    lastModified,
    createdAt: Number.isNaN(created.getTime()) ? lastModified : created,
    // A blob with no tier of its own has the account's default, Hot for a state account.
    tier: STORAGE_TIERS.find((tier): tier is StorageTier => tier === properties.accessTier) ?? 'Hot',
    tags: item.tags ?? {},
    metadata: item.metadata ?? {},
    versioned: item.versionId !== undefined,
  };
}

/**
 * Every object of a container a lifecycle policy acts on, from one listing with versions (where
 * the account keeps them), snapshots, index tags and metadata (the records' links to their states).
 */
export async function listPolicyObjects(
  container: ContainerClient,
  onProgress?: ProgressListener,
): Promise<PolicyObject[]> {
  const objects: PolicyObject[] = [];
  for await (const item of container.listBlobsFlat({
    includeVersions: true,
    includeSnapshots: true,
    includeTags: true,
    includeMetadata: true,
  })) {
    objects.push(objectOf(container.containerName, item));
    onProgress?.({ phase: 'listing', done: objects.length });
  }
  return objects;
}
