import type { BlobClient, ContainerClient } from '@azure/storage-blob';
import { type BackupReason, ConfigurationError, type Logger } from '@terrarium/core';
import { backupTiering } from '../policy/retention-tiering.js';
import { backupBlobName, backupPrefix, parseBackupBlobName } from './backup-naming.js';
import { parseStateDocument } from './backup-state-document.js';

/** What createBackup needs to know of an environment; a resolved Target has all of it. */
export interface BackupSource {
  envId: string;
  stateKey: string;
  /** Tagged on the backup (`retention-days`) so the lifecycle policy can delete it on time. */
  backupRetentionDays?: number | undefined;
}

export interface CreateBackupOptions {
  /** Why it was taken: one of core's BACKUP_REASONS, which the README lists. */
  reason: BackupReason;
  logger: Logger;
  /** Clock for the name and createdAt; defaults to now. */
  now?: Date;
  /** Also take a blob snapshot of the state itself (kept with the state, deleted by the lifecycle policy). */
  snapshot?: boolean;
}

export interface BackupInfo {
  /** Blob name in the main container: `backups/<envId>/<timestamp>-<reason>.tfstate`. */
  name: string;
  envId: string;
  sourceKey: string;
  serial: number;
  lineage: string;
  reason: string;
  /** ISO 8601 */
  createdAt: string;
  sizeBytes: number | undefined;
  tier: string | undefined;
  /** Snapshot id of the state blob, when one was asked for. */
  snapshot?: string | undefined;
}

/** Blob index tags every backup carries: one tag query finds them all, and the policy can filter on them. */
export const BACKUP_TAG = { name: 'terrarium', value: 'backup' } as const;
export const BACKUP_RETENTION_TAG = 'retention-days';

const COPY_ATTEMPTS = 3;

function isStatus(error: unknown, status: number): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { statusCode?: unknown }).statusCode === status
  );
}

async function readState(blob: BlobClient, where: string) {
  try {
    const buffer = await blob.downloadToBuffer();
    const properties = await blob.getProperties();
    return { text: buffer.toString('utf8'), etag: properties.etag };
  } catch (error) {
    if (isStatus(error, 404)) throw new ConfigurationError(`there is no state at ${where} to back up`);
    throw error;
  }
}

/**
 * The tier a backup is written in: Cool when it is kept at least Cool's 30-day minimum, else Hot
 * (a Cool blob deleted sooner is billed as if it had stayed 30 days). Without a known retention it
 * is kept until the policy's longest one: Hot, as the lifecycle policy never tiers those.
 */
export function backupWriteTier(retentionDays: number | undefined): 'Hot' | 'Cool' {
  return retentionDays === undefined ? 'Hot' : backupTiering(retentionDays, 0).writeTier;
}

/**
 * Copies the state blob, server side, to `backups/<envId>/...` in the main container, in the tier
 * its retention pays for, with metadata and index tags. Copies work on every account (Azurite
 * included), unlike versioning and soft delete, so this is the path restores rely on.
 */
export async function createBackup(
  container: ContainerClient,
  stateContainer: ContainerClient | undefined,
  source: BackupSource,
  options: CreateBackupOptions,
): Promise<BackupInfo> {
  const now = options.now ?? new Date();
  const name = backupBlobName(source.envId, now, options.reason);
  const stateBlob = (stateContainer ?? container).getBlobClient(source.stateKey);
  const where = `${stateBlob.containerName}/${source.stateKey}`;
  const target = container.getBlobClient(name);
  const tier = backupWriteTier(source.backupRetentionDays);

  for (let attempt = 1; ; attempt++) {
    // Read first: the metadata must describe exactly the bytes copied, which ifMatch guarantees.
    const { text, etag } = await readState(stateBlob, where);
    const state = parseStateDocument(text, where);
    const metadata = {
      envid: source.envId,
      sourcekey: source.stateKey,
      serial: String(state.serial),
      lineage: state.lineage,
      reason: options.reason,
      createdat: now.toISOString(),
    };
    const tags: Record<string, string> = { [BACKUP_TAG.name]: BACKUP_TAG.value, env: source.envId };
    if (source.backupRetentionDays !== undefined)
      tags[BACKUP_RETENTION_TAG] = String(source.backupRetentionDays);
    try {
      const poller = await target.beginCopyFromURL(stateBlob.url, {
        metadata,
        tags,
        tier,
        sourceConditions: { ifMatch: etag },
        conditions: { ifNoneMatch: '*' },
        intervalInMs: 250,
      });
      await poller.pollUntilDone();
    } catch (error) {
      if (isStatus(error, 412) && attempt < COPY_ATTEMPTS) {
        options.logger.debug(`state ${where} changed while being backed up; reading it again`);
        continue;
      }
      if (isStatus(error, 409) || isStatus(error, 412))
        throw new Error(
          `backup ${name} could not be written (it exists already or the state kept changing)`,
          {
            cause: error,
          },
        );
      throw error;
    }
    let snapshot: string | undefined;
    if (options.snapshot) snapshot = (await stateBlob.createSnapshot({ metadata })).snapshot;
    options.logger.info(`backed up ${where} (serial ${state.serial}) to ${container.containerName}/${name}`);
    return {
      name,
      envId: source.envId,
      sourceKey: source.stateKey,
      serial: state.serial,
      lineage: state.lineage,
      reason: options.reason,
      createdAt: now.toISOString(),
      sizeBytes: Buffer.byteLength(text),
      tier,
      snapshot,
    };
  }
}

/** Every backup of one environment, newest first, from a single listing. */
export async function listBackups(container: ContainerClient, envId: string): Promise<BackupInfo[]> {
  const backups: BackupInfo[] = [];
  for await (const item of container.listBlobsFlat({ prefix: backupPrefix(envId), includeMetadata: true })) {
    const parsed = parseBackupBlobName(item.name);
    if (!parsed) continue;
    const meta = item.metadata ?? {};
    backups.push({
      name: item.name,
      envId: meta.envid ?? parsed.envId,
      sourceKey: meta.sourcekey ?? '',
      serial: meta.serial === undefined ? Number.NaN : Number(meta.serial),
      lineage: meta.lineage ?? '',
      reason: meta.reason ?? parsed.reason,
      createdAt: meta.createdat ?? parsed.createdAt.toISOString(),
      sizeBytes: item.properties.contentLength,
      tier: item.properties.accessTier,
    });
  }
  // Timestamps are fixed width, so name order is time order.
  return backups.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}
