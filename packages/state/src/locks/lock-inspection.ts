import type { BlobClient } from '@azure/storage-blob';
import type { Logger } from '@terrarium/core';
import { statusCode } from '../account/http-status.js';

/** Terraform's azurerm backend keeps its lock info here, as base64 JSON, while it holds the lease. */
export const LOCK_METADATA_KEY = 'terraformlockid';

export interface StateLock {
  /** `leased` while locked; breakLock leaves `broken`. */
  leaseState: string;
  /** Terraform's lock id (also the lease id); undefined when the lease was not taken by terraform. */
  id: string | undefined;
  path: string | undefined;
  operation: string | undefined;
  who: string | undefined;
  version: string | undefined;
  created: Date | undefined;
  info: string | undefined;
}

interface TerraformLockInfo {
  ID?: string;
  Path?: string;
  Operation?: string;
  Who?: string;
  Version?: string;
  Created?: string;
  Info?: string;
}

/** Decodes the `terraformlockid` metadata value; undefined when it is not what terraform writes. */
export function decodeLockInfo(value: string | undefined): Omit<StateLock, 'leaseState'> | undefined {
  if (!value) return undefined;
  let info: TerraformLockInfo;
  try {
    info = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as TerraformLockInfo;
  } catch {
    return undefined;
  }
  if (!info || typeof info !== 'object') return undefined;
  const created = info.Created ? new Date(info.Created) : undefined;
  return {
    id: info.ID,
    path: info.Path,
    operation: info.Operation,
    who: info.Who,
    version: info.Version,
    created: created && !Number.isNaN(created.getTime()) ? created : undefined,
    info: info.Info,
  };
}

/** The lock on a state blob, or undefined when nobody holds it (or the blob does not exist). */
export async function inspectLock(blob: BlobClient): Promise<StateLock | undefined> {
  let properties: Awaited<ReturnType<BlobClient['getProperties']>>;
  try {
    properties = await blob.getProperties();
  } catch (error) {
    if (statusCode(error) === 404) return undefined;
    throw error;
  }
  return lockFrom(properties.leaseState, properties.metadata);
}

/** Shared with the status listing, which gets the same fields from one listing. */
export function lockFrom(
  leaseState: string | undefined,
  metadata: Record<string, string> | undefined,
): StateLock | undefined {
  if (leaseState !== 'leased') return undefined;
  const decoded = decodeLockInfo(lockMetadataValue(metadata));
  return {
    leaseState,
    id: decoded?.id,
    path: decoded?.path,
    operation: decoded?.operation,
    who: decoded?.who,
    version: decoded?.version,
    created: decoded?.created,
    info: decoded?.info,
  };
}

/**
 * Metadata names are case-insensitive but stored as sent: terraform's Go client canonicalizes
 * the header to `X-Ms-Meta-Terraformlockid`, so a listing says `Terraformlockid` while
 * getProperties (node lowercases headers) says `terraformlockid`.
 */
export function lockMetadataValue(metadata: Record<string, string> | undefined): string | undefined {
  if (!metadata) return undefined;
  for (const [key, value] of Object.entries(metadata))
    if (key.toLowerCase() === LOCK_METADATA_KEY) return value;
  return undefined;
}

/** A GitHub Actions run id named in the lock's Info or Who (`.../actions/runs/123`, `run 123`, `run-id=123`). */
export function runIdFromLock(lock: Pick<StateLock, 'info' | 'who'>): string | undefined {
  for (const text of [lock.info, lock.who]) {
    const match = text?.match(/actions\/runs\/(\d+)|\brun[-_ ]?(?:id)?[=: ]?(\d{3,})\b/i);
    if (match) return match[1] ?? match[2];
  }
  return undefined;
}

export type RunStatus = 'in_progress' | 'completed' | 'unknown';

export interface AssessOptions {
  now: Date;
  staleAfterMs: number;
  runStatus?: (runId: string) => Promise<RunStatus>;
  /** The holder's run id when known elsewhere (the record's lastRunId); else read from the lock. */
  holderRunId?: string | undefined;
}

export interface LockAssessment {
  stale: boolean;
  /** True when the holder's run is known to be still running: such a lock is never broken. */
  live: boolean;
  reason: string;
  /** The lock this judgement is about, so breakLock does not break a newer one. */
  lockId: string | undefined;
  holderRunId: string | undefined;
}

/**
 * A lock is stale only when its holder is known to be gone: its run completed, or, with no
 * run to ask about, it is older than staleAfterMs. A run still in progress keeps its lock at any age.
 */
export async function assessLock(lock: StateLock, options: AssessOptions): Promise<LockAssessment> {
  const holderRunId = options.holderRunId ?? runIdFromLock(lock);
  const base = { lockId: lock.id, holderRunId };
  if (holderRunId && options.runStatus) {
    const status = await options.runStatus(holderRunId);
    if (status === 'completed') {
      return { ...base, stale: true, live: false, reason: `its holder, run ${holderRunId}, has completed` };
    }
    if (status === 'in_progress') {
      return {
        ...base,
        stale: false,
        live: true,
        reason: `its holder, run ${holderRunId}, is still in progress`,
      };
    }
  }
  const staleAfter = formatDuration(options.staleAfterMs);
  if (!lock.created) {
    return {
      ...base,
      stale: false,
      live: false,
      reason: 'its age is unknown (no terraform lock info) and no run is known',
    };
  }
  const age = options.now.getTime() - lock.created.getTime();
  const holder = holderRunId ? `run ${holderRunId}'s status is unknown` : 'no holder run is known';
  return age > options.staleAfterMs
    ? {
        ...base,
        stale: true,
        live: false,
        reason: `it is ${formatDuration(age)} old (more than ${staleAfter}) and ${holder}`,
      }
    : {
        ...base,
        stale: false,
        live: false,
        reason: `it is only ${formatDuration(age)} old (stale after ${staleAfter}) and ${holder}`,
      };
}

function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ${minutes % 60} min` : `${Math.floor(hours / 24)} days`;
}

export interface BreakLockOptions {
  assessment: LockAssessment;
  /** Break a lock that is not known to be stale (never one held by a live run). */
  force?: boolean;
  logger: Logger;
}

export interface BreakLockResult {
  broken: boolean;
  /** What was done or why not, for the person who asked. */
  message: string;
  lock: StateLock | undefined;
}

/** Thrown when asked to break a lock that a live run holds or that is not known to be stale. */
export class LockHeldError extends Error {
  override readonly name = 'LockHeldError';
}

/**
 * Breaks a stale (or, when forced, an unproven) lock the way `terraform force-unlock` does:
 * ends the lease and removes terraform's lock info. Never a lock whose run is alive, and never
 * a lock other than the one assessed (it may have been released and taken again meanwhile).
 */
export async function breakLock(blob: BlobClient, options: BreakLockOptions): Promise<BreakLockResult> {
  const { assessment, force = false, logger } = options;
  if (assessment.live) {
    throw new LockHeldError(`Not breaking the lock on ${blob.name}: ${assessment.reason}.`);
  }
  if (!assessment.stale && !force) {
    throw new LockHeldError(
      `Not breaking the lock on ${blob.name}: it is not known to be stale (${assessment.reason}); use force if you are sure nobody holds it.`,
    );
  }
  const lock = await inspectLock(blob);
  if (!lock) return { broken: false, message: `${blob.name} is not locked any more.`, lock };
  if (lock.id !== assessment.lockId) {
    throw new LockHeldError(
      `Not breaking the lock on ${blob.name}: it is now held by another lock (${lock.id ?? 'unknown'}) than the one assessed (${assessment.lockId ?? 'unknown'}); assess it again.`,
    );
  }
  await blob.getBlobLeaseClient().breakLease(0);
  const properties = await blob.getProperties();
  const rest = Object.fromEntries(
    Object.entries(properties.metadata ?? {}).filter(([key]) => key.toLowerCase() !== LOCK_METADATA_KEY),
  );
  await blob.setMetadata(rest, { conditions: { ifMatch: properties.etag } });
  const message = `Broke the lock on ${blob.name} (id ${lock.id ?? 'unknown'}, ${lock.operation ?? 'unknown operation'} by ${lock.who ?? 'unknown'}${lock.created ? ` at ${lock.created.toISOString()}` : ''}) because ${force && !assessment.stale ? 'it was forced' : assessment.reason}.`;
  logger.warning(message);
  return { broken: true, message, lock };
}

/**
 * Releases the lease `leaseId` on the blob: what terraform itself does when it unlocks. Storage
 * releases it only for that id, so this can never end someone else's lease. Returns false when
 * the blob is not leased under that id (released already, broken, or another holder's now).
 */
export async function releaseLease(blob: BlobClient, leaseId: string): Promise<boolean> {
  try {
    await blob.getBlobLeaseClient(leaseId).releaseLease();
    return true;
  } catch (error) {
    // 409: no lease, or a lease under another id; 404: no blob. Neither is this lease to release.
    if (statusCode(error) === 409 || statusCode(error) === 404) return false;
    throw error;
  }
}
