import { posix } from 'node:path';
import {
  type EnvironmentRecord,
  type ListedRecord,
  RECORD_SCHEMA_VERSION,
  RECORD_STATUSES,
  type RecordStatus,
  type Target,
} from '@terrarium/core';

export const RECORD_FILE_NAME = 'terrarium.json';

/** The target fields a record is built from (a full Target fits). */
export type RecordTarget = Pick<
  Target,
  | 'environment'
  | 'instance'
  | 'envId'
  | 'kind'
  | 'stateContainer'
  | 'stateKey'
  | 'branch'
  | 'pullRequest'
  | 'commit'
  | 'expiresAt'
>;

/** A listed record with the blob it was listed from. */
export interface RecordSummary extends ListedRecord {
  blobName: string;
  etag: string | undefined;
}

/** Where an environment's record lives in the main container: beside its state. */
export function recordBlobName(target: Pick<Target, 'stateKey' | 'envId'>): string {
  const dir = posix.dirname(target.stateKey);
  // A state at the container's root has no folder of its own to share.
  return `${dir === '.' ? target.envId : dir}/${RECORD_FILE_NAME}`;
}

export function isRecordBlobName(name: string): boolean {
  return name.endsWith(`/${RECORD_FILE_NAME}`);
}

/** `2026-11-21T10:00:00Z`: fixed width, so string order is time order in a tag query. */
export function tagTime(iso: string | Date): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(date.getTime())) throw new Error(`not a time: ${String(iso)}`);
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** Blob index tags allow letters, digits, space and + - . / : = _ and at most 256 characters. */
export function tagValue(value: string): string {
  return value.replace(/[^A-Za-z0-9 +\-./:=_]/g, '_').slice(0, 256);
}

export function recordTags(record: EnvironmentRecord): Record<string, string> {
  const tags: Record<string, string> = {
    terrarium: 'record',
    env: tagValue(record.envId),
    environment: tagValue(record.environment),
    kind: record.kind,
    status: record.status,
    expires_at: record.expiresAt ? tagTime(record.expiresAt) : 'never',
  };
  if (record.instance) tags.instance = tagValue(record.instance);
  if (record.pullRequest !== undefined) tags.pr = String(record.pullRequest);
  return tags;
}

/** Metadata is sent as HTTP headers: printable ASCII only, or it is left out. */
function headerSafe(value: string | undefined): string | undefined {
  return value !== undefined && /^[\x20-\x7e]{1,1024}$/.test(value) ? value : undefined;
}

export function recordMetadata(record: EnvironmentRecord): Record<string, string> {
  const metadata: Record<string, string> = { schemaversion: String(record.schemaVersion) };
  const fields: [string, string | undefined][] = [
    ['statecontainer', record.stateContainer],
    ['statekey', headerSafe(record.stateKey)],
    ['lastrunid', headerSafe(record.lastRunId)],
    ['url', headerSafe(record.url)],
  ];
  for (const [key, value] of fields) if (value !== undefined) metadata[key] = value;
  return metadata;
}

export function summaryFrom(blob: {
  name: string;
  tags?: Record<string, string> | undefined;
  metadata?: Record<string, string> | undefined;
  lastModified?: Date | undefined;
  etag?: string | undefined;
}): RecordSummary | undefined {
  const tags = blob.tags ?? {};
  const metadata = blob.metadata ?? {};
  if (tags.terrarium !== 'record' || !tags.env) return undefined;
  const expires = tags.expires_at;
  const status = tags.status as RecordStatus | undefined;
  const kind = tags.kind;
  return {
    blobName: blob.name,
    envId: tags.env,
    environment: tags.environment ?? tags.env,
    instance: tags.instance,
    kind: kind === 'long-lived' || kind === 'ephemeral' ? kind : undefined,
    status: status && RECORD_STATUSES.includes(status) ? status : undefined,
    expiresAt: expires && expires !== 'never' ? expires : undefined,
    pullRequest: tags.pr && /^\d+$/.test(tags.pr) ? Number(tags.pr) : undefined,
    stateContainer: metadata.statecontainer,
    stateKey: metadata.statekey,
    lastRunId: metadata.lastrunid,
    url: metadata.url,
    lastModified: blob.lastModified,
    etag: blob.etag,
  };
}

/** Reads a stored record, refusing anything that is not one (a bug or a hand edit, never silently used). */
export function parseRecord(text: string, blobName: string): EnvironmentRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`environment record ${blobName} is not JSON`);
  }
  const record = value as Partial<EnvironmentRecord> | null;
  if (
    !record ||
    typeof record !== 'object' ||
    record.schemaVersion !== RECORD_SCHEMA_VERSION ||
    typeof record.envId !== 'string' ||
    typeof record.environment !== 'string' ||
    typeof record.stateKey !== 'string' ||
    !RECORD_STATUSES.includes(record.status as RecordStatus)
  ) {
    throw new Error(
      `environment record ${blobName} is not a schemaVersion ${RECORD_SCHEMA_VERSION} record (missing envId, environment, stateKey or status)`,
    );
  }
  return { outputs: {}, ...record } as EnvironmentRecord;
}
