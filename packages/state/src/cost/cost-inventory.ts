import type { ContainerClient } from '@azure/storage-blob';
import { BACKUPS_PREFIX } from '../backups/backup-naming.js';
import type { ProgressListener } from '../listing/status-listing.js';
import type { CostBlob, CostBlobKind, CostInventory } from './cost-estimate.js';
import { STORAGE_TIERS, type StorageTier } from './cost-prices.js';

function tierOf(value: string | undefined): StorageTier {
  // Blobs without an explicit tier inherit the account default, Hot for state accounts.
  return STORAGE_TIERS.find((tier) => tier === value) ?? 'Hot';
}

function kindOf(name: string, snapshot: string | undefined, previousVersion: boolean): CostBlobKind {
  if (snapshot) return 'snapshot';
  if (previousVersion) return 'version';
  if (name.startsWith(BACKUPS_PREFIX)) return 'backup';
  return name.endsWith('.tfstate') ? 'state' : 'record';
}

/**
 * What estimateStateCost needs, from one listing of the container with its snapshots and versions.
 * Snapshots and versions count at full size: Azure bills only the blocks they do not share, so
 * for small state blobs (rewritten whole on every apply) that is close, elsewhere an upper bound.
 */
export async function listCostInventory(
  container: ContainerClient,
  onProgress?: ProgressListener,
): Promise<CostInventory> {
  const blobs: CostBlob[] = [];
  const environments = { ephemeral: 0, longLived: 0 };
  for await (const item of container.listBlobsFlat({
    includeSnapshots: true,
    includeVersions: true,
    includeTags: true,
  })) {
    onProgress?.({ phase: 'listing', done: blobs.length + 1 });
    const previousVersion = item.versionId !== undefined && item.isCurrentVersion !== true;
    const kind = kindOf(item.name, item.snapshot || undefined, previousVersion);
    blobs.push({
      kind,
      sizeBytes: item.properties.contentLength ?? 0,
      tier: tierOf(item.properties.accessTier),
    });
    if (kind === 'record' && item.tags?.terrarium === 'record') {
      if (item.tags.kind === 'ephemeral') environments.ephemeral += 1;
      else environments.longLived += 1;
    }
  }
  return { blobs, environments };
}
