import type { BlobClient, ContainerClient } from '@azure/storage-blob';
import { ConfigurationError, errorMessage, type Logger } from '@terrarium/core';
import { describeLockHolder } from '../locks/restore-lock-holder.js';
import { backupPrefix } from './backup-naming.js';
import { parseStateDocument, type StateDocument, serializeStateDocument } from './backup-state-document.js';
import { type BackupInfo, type BackupSource, createBackup } from './backup-store.js';

export interface RestoreStateOptions {
  /** The catalog's main container: it holds the backups (and the state, unless stateContainer is given). */
  container: ContainerClient;
  /** The container holding the state, when it is not the main one (container-per-environment layout). */
  stateContainer?: ContainerClient | undefined;
  target: BackupSource;
  /** Blob name of the backup, as listBackups returns it. */
  backupName: string;
  /** Allow the serial to go backwards (a roll back). A different lineage is refused even then. */
  force?: boolean;
  logger: Logger;
  now?: Date;
  /** Lease held on the state while restoring; 15-60 seconds. */
  leaseSeconds?: number;
}

export interface RestoreResult {
  restoredFrom: string;
  /** The backup of the state as it was just before (absent when there was no state to keep). */
  preRestoreBackup: BackupInfo | undefined;
  lineage: string;
  backupSerial: number;
  previousSerial: number | undefined;
  /** Above both, so terraform takes the restored state as the newest. */
  newSerial: number;
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

async function readBackup(container: ContainerClient, name: string): Promise<StateDocument> {
  const where = `${container.containerName}/${name}`;
  try {
    const buffer = await container.getBlobClient(name).downloadToBuffer();
    return parseStateDocument(buffer.toString('utf8'), `backup ${where}`);
  } catch (error) {
    if (statusOf(error) === 404)
      throw new ConfigurationError(`there is no backup ${where}; pick one from the backup list`);
    throw error;
  }
}

function lockedError(where: string, metadata: Record<string, string> | undefined): ConfigurationError {
  return new ConfigurationError(
    `state ${where} is locked by ${describeLockHolder(metadata)}; wait for that run to finish, or unlock it if it is stale, then restore again`,
  );
}

async function acquireLease(stateBlob: BlobClient, where: string, seconds: number): Promise<string> {
  const properties = await stateBlob.getProperties();
  if (properties.leaseState === 'leased') throw lockedError(where, properties.metadata);
  try {
    const lease = await stateBlob.getBlobLeaseClient().acquireLease(seconds);
    if (!lease.leaseId) throw new Error(`no lease id came back for ${where}`);
    return lease.leaseId;
  } catch (error) {
    // Someone took it between the check and the acquire.
    if (statusOf(error) === 409) throw lockedError(where, (await stateBlob.getProperties()).metadata);
    throw error;
  }
}

/**
 * Puts a backup back as the environment's state. Checks come before any write: a different lineage
 * is always refused, a serial going backwards needs `force`. The current state is backed up first
 * (`pre-restore`) and leased throughout, so a failure at any step leaves it intact or recoverable.
 */
export async function restoreState(options: RestoreStateOptions): Promise<RestoreResult> {
  const { container, target, backupName, logger } = options;
  const leaseSeconds = options.leaseSeconds ?? 60;
  if (!backupName.startsWith(backupPrefix(target.envId)))
    throw new ConfigurationError(
      `backup ${backupName} is not one of environment ${target.envId}'s (they live under ${backupPrefix(target.envId)})`,
    );
  const backup = await readBackup(container, backupName);
  const stateContainer = options.stateContainer ?? container;
  const stateBlob = stateContainer.getBlobClient(target.stateKey);
  const where = `${stateContainer.containerName}/${target.stateKey}`;

  if (!(await stateBlob.exists())) {
    const newSerial = backup.serial + 1;
    const body = serializeStateDocument({ ...backup.raw, serial: newSerial });
    // ifNoneMatch: if terraform created the blob meanwhile, fail rather than overwrite it.
    await stateBlob.getBlockBlobClient().upload(body, Buffer.byteLength(body), {
      conditions: { ifNoneMatch: '*' },
      blobHTTPHeaders: { blobContentType: 'application/json' },
    });
    logger.info(`restored ${backupName} to ${where}, where there was no state (serial ${newSerial})`);
    return {
      restoredFrom: backupName,
      preRestoreBackup: undefined,
      lineage: backup.lineage,
      backupSerial: backup.serial,
      previousSerial: undefined,
      newSerial,
    };
  }

  const leaseId = await acquireLease(stateBlob, where, leaseSeconds);
  try {
    const properties = await stateBlob.getProperties();
    const text = (await stateBlob.downloadToBuffer()).toString('utf8');
    // An empty blob is what terraform leaves when it locked a state that did not exist yet.
    const current = text.trim() === '' ? undefined : parseStateDocument(text, `state ${where}`);
    if (current && current.lineage !== backup.lineage)
      throw new ConfigurationError(
        `backup ${backupName} has lineage ${backup.lineage} but state ${where} has lineage ${current.lineage}: ` +
          'a backup can only be restored onto the state it was taken from; nothing was changed',
      );
    if (current && backup.serial < current.serial && !options.force)
      throw new ConfigurationError(
        `backup ${backupName} has serial ${backup.serial}, older than the current ${current.serial} of ${where}: ` +
          'restoring it rolls the state back; pass force to do that (the current state is backed up first)',
      );
    const preRestoreBackup = current
      ? await createBackup(container, options.stateContainer, target, {
          reason: 'pre-restore',
          logger,
          ...(options.now ? { now: options.now } : {}),
        })
      : undefined;
    const newSerial = Math.max(backup.serial, current?.serial ?? 0) + 1;
    const body = serializeStateDocument({ ...backup.raw, serial: newSerial });
    const { terraformlockid: _lock, ...metadata } = properties.metadata ?? {};
    await stateBlob.getBlockBlobClient().upload(body, Buffer.byteLength(body), {
      conditions: { leaseId, ifMatch: properties.etag },
      metadata,
      blobHTTPHeaders: { blobContentType: 'application/json' },
    });
    logger.info(
      `restored ${backupName} to ${where}: serial ${current?.serial ?? 'none'} -> ${newSerial}` +
        (preRestoreBackup ? `; the previous state is in ${preRestoreBackup.name}` : ''),
    );
    return {
      restoredFrom: backupName,
      preRestoreBackup,
      lineage: backup.lineage,
      backupSerial: backup.serial,
      previousSerial: current?.serial,
      newSerial,
    };
  } finally {
    try {
      await stateBlob.getBlobLeaseClient(leaseId).releaseLease();
    } catch (error) {
      logger.warning(
        `could not release the lease on ${where} (it expires in ${leaseSeconds} s): ${errorMessage(error)}`,
      );
    }
  }
}
