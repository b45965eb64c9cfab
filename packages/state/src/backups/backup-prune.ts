import type { ContainerClient } from '@azure/storage-blob';
import { ConfigurationError, type Logger, silentLogger } from '@terrarium/core';
import { type BackupInfo, listBackups } from './backup-store.js';

export interface PruneBackupsOptions {
  retentionDays: number;
  /** Clock; defaults to now. */
  now?: Date;
  /** Say what would go, delete nothing. */
  dryRun?: boolean;
  logger?: Logger;
}

const DAY_MS = 86_400_000;

/**
 * Deletes an environment's backups taken more than `retentionDays` ago, the newest included;
 * returns those pruned (or that would be). That is the one rule the storage account's lifecycle
 * policy can apply too (it deletes by age and cannot tell a blob is an environment's last), so the
 * two agree: a backup is kept for exactly its retention. A run that applies or destroys takes a
 * fresh backup first, so an active environment always has one.
 */
export async function pruneBackups(
  container: ContainerClient,
  envId: string,
  options: PruneBackupsOptions,
): Promise<BackupInfo[]> {
  const { retentionDays, dryRun = false, logger = silentLogger } = options;
  if (!Number.isInteger(retentionDays) || retentionDays < 0)
    throw new ConfigurationError(
      `backup retention must be a whole number of days, 0 or more (got ${retentionDays})`,
    );
  const cutoff = (options.now ?? new Date()).getTime() - retentionDays * DAY_MS;
  const backups = await listBackups(container, envId);
  const doomed = backups.filter((backup) => Date.parse(backup.createdAt) < cutoff);
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
