import type { ContainerClient } from '@azure/storage-blob';
import { ConfigurationError, type Logger, silentLogger } from '@terrarium/core';
import { type BackupInfo, listBackups } from './backup-store.js';

export interface PruneBackupsOptions {
  retentionDays: number;
  /** Clock; defaults to now. */
  now?: Date;
  /** The newest this many are kept whatever their age; at least 1, so the latest backup always survives. */
  keepAtLeast?: number;
  /** Say what would go, delete nothing. */
  dryRun?: boolean;
  logger?: Logger;
}

const DAY_MS = 86_400_000;

/** Deletes an environment's backups older than the retention; returns those pruned (or that would be). */
export async function pruneBackups(
  container: ContainerClient,
  envId: string,
  options: PruneBackupsOptions,
): Promise<BackupInfo[]> {
  const { retentionDays, keepAtLeast = 1, dryRun = false, logger = silentLogger } = options;
  if (!Number.isInteger(retentionDays) || retentionDays < 0)
    throw new ConfigurationError(
      `backup retention must be a whole number of days, 0 or more (got ${retentionDays})`,
    );
  if (!Number.isInteger(keepAtLeast) || keepAtLeast < 1)
    throw new ConfigurationError(`keepAtLeast must be a whole number of 1 or more (got ${keepAtLeast})`);
  const cutoff = (options.now ?? new Date()).getTime() - retentionDays * DAY_MS;
  const backups = await listBackups(container, envId);
  const doomed = backups.slice(keepAtLeast).filter((backup) => Date.parse(backup.createdAt) < cutoff);
  for (const backup of doomed) {
    if (dryRun) {
      logger.info(`would delete backup ${backup.name} (created ${backup.createdAt})`);
      continue;
    }
    await container.getBlobClient(backup.name).deleteIfExists();
    logger.info(`deleted backup ${backup.name} (created ${backup.createdAt})`);
  }
  return doomed;
}
