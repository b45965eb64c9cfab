import type { BackendSpec, Logger, Target } from '@terrarium/core';
import type { KnownListedRecord, StateLease, StatePort } from '@terrarium/lifecycle';
import {
  backendConfigFor,
  breakLock,
  createBackup,
  createRecordStore,
  ensureContainer,
  explainStorageError,
  inspectLock,
  pruneBackups,
  RecordConflictError,
  releaseLease,
  renewStateBlob,
  type StorageAuth,
  summarizeState,
  writeBackendConfigFile,
} from '@terrarium/state';

export interface StatePortOptions {
  auth: StorageAuth;
  /** The catalog's backend: its container holds records and backups (and states, in the shared layout). */
  backend: BackendSpec;
  logger: Logger;
  /** GITHUB_REPOSITORY, kept on the record. */
  repository?: string | undefined;
}

/** The StatePort over @terrarium/state and Azure Blob Storage. */
export function createStatePort(options: StatePortOptions): StatePort {
  const { auth, backend, logger } = options;
  const service = auth.blobService;
  const main = service.getContainerClient(backend.container);
  const records = createRecordStore(main, logger);
  const stateBlob = (target: Target) =>
    service.getContainerClient(target.stateContainer).getBlobClient(target.stateKey);
  const ownContainer = (target: Target) => target.stateContainer !== backend.container;

  return {
    account: { name: auth.accountName, authMode: auth.mode },
    async ensureContainer(target) {
      await ensureContainer(service, backend.container, logger);
      if (ownContainer(target)) await ensureContainer(service, target.stateContainer, logger);
    },
    async ensureStateContainer(target) {
      try {
        return (await ensureContainer(service, target.stateContainer, logger)).created;
      } catch (error) {
        throw explainStorageError(error, auth.accountName);
      }
    },
    async writeBackendConfig(target, dir) {
      return writeBackendConfigFile(backendConfigFor(target, auth, backend), dir);
    },
    terraformEnv: () => ({ ...auth.terraformEnv }),
    stateExists: (target) => stateBlob(target).exists(),
    async readRecord(target) {
      return (await records.get(target))?.record;
    },
    async writeRecord(target, { begin, ...change }) {
      if (begin && (change.status === 'provisioning' || change.status === 'destroying')) {
        const status = change.status;
        // Two runs beginning at once: begin() reads again and takes over, which is what a new run does.
        const begun = await retryOnConflict(() =>
          records.begin(target, {
            status,
            runId: change.lastRunId,
            runUrl: change.lastRunUrl,
            repository: options.repository,
            expiresAt: change.expiresAt,
          }),
        );
        return begun.record;
      }
      return (await retryOnConflict(() => records.update(target, change))).record;
    },
    async deleteRecord(target) {
      await records.remove(target);
    },
    async listRecords() {
      const listed: KnownListedRecord[] = [];
      // A record whose status tag cannot be read is not the sweeper's to judge.
      for await (const { status, ...summary } of records.list())
        if (status) listed.push({ ...summary, status });
      return listed;
    },
    async readLease(target): Promise<StateLease | undefined> {
      const lock = await inspectLock(stateBlob(target));
      if (!lock) return undefined;
      return {
        id: lock.id ?? 'unknown',
        operation: lock.operation,
        who: lock.who,
        created: lock.created?.toISOString(),
        path: lock.path,
      };
    },
    async breakLease(target, lease) {
      // The use case has established the holder is gone; breakLock still refuses a lease
      // that changed hands since it was read.
      await breakLock(stateBlob(target), {
        assessment: {
          stale: true,
          live: false,
          reason: 'its holder run has finished',
          lockId: lease.id === 'unknown' ? undefined : lease.id,
          holderRunId: undefined,
        },
        logger,
      });
    },
    releaseLease: (target, leaseId) => releaseLease(stateBlob(target), leaseId),
    renewState: (target) =>
      renewStateBlob(stateBlob(target), {
        envId: target.envId,
        touch: target.kind === 'ephemeral',
        tier: target.stateTier,
        now: new Date(),
        logger,
      }),
    async backupState(target, reason) {
      const blob = stateBlob(target);
      // A lease on a missing state creates an empty blob: there is nothing to keep in it.
      const size = await blob
        .getProperties()
        .then((properties) => properties.contentLength ?? 0)
        .catch((error: { statusCode?: number }) => {
          if (error.statusCode === 404) return 0;
          throw error;
        });
      if (size === 0) return undefined;
      const info = await createBackup(
        main,
        ownContainer(target) ? service.getContainerClient(target.stateContainer) : undefined,
        { envId: target.envId, stateKey: target.stateKey, backupRetentionDays: target.backupRetentionDays },
        { reason, logger },
      );
      return { name: info.name, createdAt: info.createdAt };
    },
    async pruneBackups(target) {
      const pruned = await pruneBackups(main, target.envId, {
        retentionDays: target.backupRetentionDays,
        logger,
      });
      return pruned.length;
    },
    async countResources(target) {
      const blob = stateBlob(target);
      if (!(await blob.exists())) return 0;
      return summarizeState((await blob.downloadToBuffer()).toString('utf8')).resourceCount;
    },
    async deleteState(target) {
      await stateBlob(target).deleteIfExists({ deleteSnapshots: 'include' });
      // In the container-per-environment layout the container is the environment's alone.
      if (ownContainer(target)) await service.getContainerClient(target.stateContainer).deleteIfExists();
    },
  };
}

async function retryOnConflict<T>(action: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await action();
    } catch (error) {
      if (!(error instanceof RecordConflictError) || attempt >= attempts) throw error;
    }
  }
}
