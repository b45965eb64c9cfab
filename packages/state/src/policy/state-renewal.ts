import type { BlobClient } from '@azure/storage-blob';
import type { Logger } from '@terrarium/core';
import { statusCode } from '../account/http-status.js';
import { tagValue } from '../records/record-types.js';

/**
 * The blob index tag Terrarium keeps on an ephemeral environment's state: the lifecycle policy's
 * backstop deletes only blobs that carry it, so it never matches the records beside the states,
 * and a state terraform rewrote without it (an overwrite drops tags) is kept rather than deleted.
 */
export const STATE_TAG = { name: 'terrarium', value: 'state' } as const;
/** Metadata a renewal writes: writing metadata is what resets the blob's Last-Modified. */
export const RENEWED_AT_METADATA = 'terrarium_renewed_at';

export type StateRenewal =
  /** Touched (Last-Modified is now `lastModified`, by the storage account's clock) and tagged. */
  | { outcome: 'renewed'; lastModified: Date }
  /** No state yet: nothing the backstop could delete. */
  | { outcome: 'absent' }
  /** Terraform (or a restore) holds the lease: left as it was, last modified at `lastModified`. */
  | { outcome: 'leased'; lastModified: Date };

export interface RenewStateOptions {
  envId: string;
  /** Touch it (ephemeral states) or only set its tier (long-lived ones, which no backstop deletes). */
  touch: boolean;
  /** The catalog's `state-tier`: set after every apply, since an overwrite puts the blob back in the account's default. */
  tier?: string | undefined;
  now: Date;
  logger: Logger;
}

const ATTEMPTS = 3;

/**
 * Renews a state blob the way the lifecycle policy sees it: its metadata is rewritten (so its
 * Last-Modified is now, and the backstop's clock starts again), its tag and tier set again (a
 * write on a versioned account makes a new current version, which carries neither). A leased
 * blob is left alone: the holder (terraform mid-apply) writes it soon anyway, and writing around
 * its lease would need the lease id. Every write is conditional on the ETag just read, so the
 * lock info terraform keeps in the metadata is never overwritten with an older copy.
 */
export async function renewStateBlob(blob: BlobClient, options: RenewStateOptions): Promise<StateRenewal> {
  const where = `${blob.containerName}/${blob.name}`;
  for (let attempt = 1; ; attempt += 1) {
    const properties = await blob.getProperties().catch((error: unknown) => {
      if (statusCode(error) === 404) return undefined;
      throw error;
    });
    if (!properties) return { outcome: 'absent' };
    const lastModified = properties.lastModified ?? options.now;
    if (properties.leaseState === 'leased') return { outcome: 'leased', lastModified };
    let renewedAt = lastModified;
    try {
      if (options.touch) {
        const touched = await blob.setMetadata(
          { ...properties.metadata, [RENEWED_AT_METADATA]: options.now.toISOString() },
          { conditions: { ifMatch: properties.etag } },
        );
        renewedAt = touched.lastModified ?? options.now;
      }
    } catch (error) {
      const code = statusCode(error);
      // Changed or leased since it was read: someone else is writing it; read it again.
      if ((code === 412 || code === 409) && attempt < ATTEMPTS) continue;
      if (code === 412 || code === 409) return { outcome: 'leased', lastModified };
      throw error;
    }
    await afterTouch(blob, where, options, properties.accessTier);
    return { outcome: 'renewed', lastModified: renewedAt };
  }
}

/** Tag and tier: a lease taken in between only costs the backstop this one state, never a live one. */
async function afterTouch(
  blob: BlobClient,
  where: string,
  options: RenewStateOptions,
  currentTier: string | undefined,
): Promise<void> {
  try {
    if (options.touch)
      await blob.setTags({ [STATE_TAG.name]: STATE_TAG.value, env: tagValue(options.envId) });
    if (options.tier && options.tier !== currentTier) {
      await blob.setAccessTier(options.tier as 'Hot' | 'Cool' | 'Cold');
      options.logger.debug(`State ${where} set to the ${options.tier} tier.`);
    }
  } catch (error) {
    const code = statusCode(error);
    if (code !== 412 && code !== 409) throw error;
    options.logger.debug(
      `State ${where} was locked before its tag and tier were set; the next run sets them.`,
    );
  }
}
