import type { ContainerClient } from '@azure/storage-blob';
import {
  type EnvironmentRecord,
  type Logger,
  RECORD_SCHEMA_VERSION,
  type RecordPatch,
  type RecordStatus,
} from '@terrarium/core';
import { readBlobText } from '../account/blob-text.js';
import { statusCode } from '../account/http-status.js';
import { RecordConflictError, RecordNotFoundError } from './record-errors.js';
import {
  parseRecord,
  type RecordSummary,
  type RecordTarget,
  recordBlobName,
  recordMetadata,
  recordTags,
  summaryFrom,
  tagTime,
  tagValue,
} from './record-types.js';

/** A record as read, with the ETag that a later write must match. */
export interface StoredRecord {
  record: EnvironmentRecord;
  etag: string;
  blobName: string;
}

export interface BeginOptions {
  status: Extract<RecordStatus, 'provisioning' | 'destroying'>;
  runId?: string | undefined;
  runUrl?: string | undefined;
  repository?: string | undefined;
  /** The expiry a provisioning run writes, when it is not the target's own (held at what the state's renewal covers). */
  expiresAt?: string | undefined;
}

export interface RecordStore {
  get(target: RecordTarget | string): Promise<StoredRecord | undefined>;
  /** Creates the record, or takes over an existing one, at the start of a run. */
  begin(target: RecordTarget, options: BeginOptions): Promise<StoredRecord>;
  /** Ends a run: status defaults to `ready`. */
  complete(target: RecordTarget, patch?: RecordPatch, etag?: string): Promise<StoredRecord>;
  /** Writes a patch; with `etag`, only if nobody wrote since that version was read. */
  update(target: RecordTarget, patch: RecordPatch, etag?: string): Promise<StoredRecord>;
  /** Deletes the record; true when there was one. */
  remove(target: RecordTarget, etag?: string): Promise<boolean>;
  /** Every record, from one paginated listing with tags and metadata (no per-record reads). */
  list(): AsyncIterable<RecordSummary>;
  /** Records whose expires_at is before `now`: a tag query, then one read per expired record only. */
  findExpired(now: Date): AsyncIterable<StoredRecord>;
}

/**
 * Environment records in the catalog's main container. Every write is conditional (ETag),
 * so two runs on one environment never overwrite each other silently.
 */
export function createRecordStore(
  container: ContainerClient,
  logger: Logger,
  clock: () => Date = () => new Date(),
): RecordStore {
  async function read(blobName: string): Promise<StoredRecord | undefined> {
    const blob = container.getBlockBlobClient(blobName);
    try {
      // One GET: the body and the ETag of that very version.
      const { text, etag } = await readBlobText(blob);
      return { record: parseRecord(text, blobName), etag, blobName };
    } catch (error) {
      if (statusCode(error) === 404) return undefined;
      throw error;
    }
  }

  async function write(
    record: EnvironmentRecord,
    blobName: string,
    etag: string | undefined,
  ): Promise<StoredRecord> {
    const body = `${JSON.stringify(record, null, 2)}\n`;
    try {
      const response = await container.getBlockBlobClient(blobName).upload(body, Buffer.byteLength(body), {
        blobHTTPHeaders: { blobContentType: 'application/json' },
        metadata: recordMetadata(record),
        tags: recordTags(record),
        conditions: etag ? { ifMatch: etag } : { ifNoneMatch: '*' },
      });
      return { record, etag: response.etag ?? '', blobName };
    } catch (error) {
      const code = statusCode(error);
      if (code === 409 || code === 412) {
        throw new RecordConflictError(record.envId, blobName, etag ? 'update' : 'create');
      }
      throw error;
    }
  }

  async function findByEnvId(envId: string): Promise<string | undefined> {
    const query = `"terrarium" = 'record' AND "env" = '${tagValue(envId)}'`;
    for await (const blob of container.findBlobsByTags(query)) return blob.name;
    return undefined;
  }

  async function update(target: RecordTarget, patch: RecordPatch, etag?: string): Promise<StoredRecord> {
    const blobName = recordBlobName(target);
    const current = await read(blobName);
    if (!current) throw new RecordNotFoundError(target.envId, blobName);
    // A caller's ETag from begin() means: nobody may have written since then.
    if (etag && etag !== current.etag) throw new RecordConflictError(target.envId, blobName, 'update');
    // A field the patch leaves undefined keeps its value; naming failureReason clears a failure.
    const changes = Object.entries(patch).filter(
      ([key, value]) => value !== undefined || key === 'failureReason',
    );
    const record: EnvironmentRecord = {
      ...current.record,
      ...Object.fromEntries(changes),
      updatedAt: clock().toISOString(),
    };
    const stored = await write(record, blobName, etag ?? current.etag);
    logger.debug(`Record ${blobName}: status ${record.status}.`);
    return stored;
  }

  return {
    async get(target) {
      const blobName = typeof target === 'string' ? await findByEnvId(target) : recordBlobName(target);
      return blobName === undefined ? undefined : read(blobName);
    },

    async begin(target, options) {
      const blobName = recordBlobName(target);
      const current = await read(blobName);
      const now = clock().toISOString();
      const record: EnvironmentRecord = {
        schemaVersion: RECORD_SCHEMA_VERSION,
        environment: target.environment,
        instance: target.instance,
        envId: target.envId,
        kind: target.kind,
        stateContainer: target.stateContainer,
        stateKey: target.stateKey,
        branch: target.branch,
        pullRequest: target.pullRequest,
        commit: target.commit,
        repository: options.repository ?? current?.record.repository,
        createdAt: current?.record.createdAt ?? now,
        updatedAt: now,
        // Teardown keeps the deadline it had; a new provision run extends it.
        expiresAt:
          options.status === 'destroying'
            ? (current?.record.expiresAt ?? target.expiresAt)
            : (options.expiresAt ?? target.expiresAt),
        status: options.status,
        lastRunId: options.runId,
        lastRunUrl: options.runUrl,
        outputs: current?.record.outputs ?? {},
        url: current?.record.url,
        failureReason: undefined,
      };
      const stored = await write(record, blobName, current?.etag);
      const previous = current?.record;
      if (
        previous &&
        (previous.status === 'provisioning' || previous.status === 'destroying') &&
        previous.lastRunId !== options.runId
      ) {
        // Another run may still be at work (or it died): say so rather than take over quietly.
        logger.warning(
          `Environment ${target.envId} was ${previous.status} by run ${previous.lastRunId ?? 'unknown'}; run ${options.runId ?? 'unknown'} takes it over.`,
        );
      }
      logger.info(`Environment ${target.envId}: ${options.status} (record ${blobName}).`);
      return stored;
    },

    complete(target, patch = {}, etag) {
      return update(target, { status: 'ready', ...patch }, etag);
    },

    update,

    async remove(target, etag) {
      const blobName = recordBlobName(target);
      try {
        await container.getBlockBlobClient(blobName).delete(etag ? { conditions: { ifMatch: etag } } : {});
        logger.info(`Removed the record of ${target.envId}.`);
        return true;
      } catch (error) {
        const code = statusCode(error);
        if (code === 404) return false;
        if (code === 412) throw new RecordConflictError(target.envId, blobName, 'remove');
        throw error;
      }
    },

    async *list() {
      for await (const blob of container.listBlobsFlat({ includeTags: true, includeMetadata: true })) {
        const summary = summaryFrom({
          name: blob.name,
          tags: blob.tags,
          metadata: blob.metadata,
          lastModified: blob.properties.lastModified,
          etag: blob.properties.etag,
        });
        if (summary) yield summary;
      }
    },

    async *findExpired(now) {
      const query = `"terrarium" = 'record' AND "expires_at" < '${tagTime(now)}'`;
      for await (const blob of container.findBlobsByTags(query)) {
        const stored = await read(blob.name);
        // Expired by its tag but gone or renewed since: another run got there first.
        if (stored?.record.expiresAt && new Date(stored.record.expiresAt) < now) yield stored;
      }
    },
  };
}
