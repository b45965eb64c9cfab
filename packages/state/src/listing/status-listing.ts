import { posix } from 'node:path';
import type { ContainerClient } from '@azure/storage-blob';
import type { RecordStatus } from '@terrarium/core';
import { readBlobText } from '../account/blob-text.js';
import { lockFrom, type StateLock } from '../locks/lock-inspection.js';
import { isRecordBlobName, type RecordSummary, summaryFrom } from '../records/record-types.js';
import { listBlobsStreamed } from './blob-listing-stream.js';

export interface StatusRow {
  envId: string;
  environment: string;
  instance: string | undefined;
  /** Undefined when the record names no state and none was found beside it. */
  stateKey: string | undefined;
  /** False when the record exists but its state is not in this container (not applied yet, or another container). */
  stateFound: boolean;
  size: number | undefined;
  lastModified: Date | undefined;
  tier: string | undefined;
  leaseState: string | undefined;
  lockHolder: string | undefined;
  lockOperation: string | undefined;
  lockAgeMs: number | undefined;
  status: RecordStatus | undefined;
  expiresAt: string | undefined;
  /** Negative once expired; undefined for long-lived environments. */
  ttlMs: number | undefined;
  url: string | undefined;
  /** Only with `deep`. */
  resourceCount?: number | undefined;
  serial?: number | undefined;
}

export interface ListStatusOptions {
  /** Also read every state for its serial and resource count (one GET per state). */
  deep?: boolean;
  now?: Date;
  /** Prefixes that hold no live states (backups). */
  excludePrefixes?: string[];
  /** States read at once when deep. */
  concurrency?: number;
  /** Blobs per listing page; the service's maximum (5,000) unless a test wants more pages. */
  pageSize?: number;
  /** Told of every blob listed, then of every state read when deep: for a progress line. */
  onProgress?: ProgressListener | undefined;
}

export interface ListingProgress {
  phase: 'listing' | 'reading';
  done: number;
  /** Known while reading: how many states there are to read. */
  total?: number | undefined;
}

export type ProgressListener = (progress: ListingProgress) => void;

interface StateBlob {
  name: string;
  size: number | undefined;
  lastModified: Date | undefined;
  tier: string | undefined;
  leaseState: string | undefined;
  lock: StateLock | undefined;
}

/** The record fields a row shows. */
type RecordFacts = Pick<
  RecordSummary,
  'envId' | 'environment' | 'instance' | 'stateKey' | 'status' | 'expiresAt' | 'url'
>;

/** `terraform.tfstate`, and terraform's workspace keys `terraform.tfstateenv:<name>`. */
export function isStateBlobName(name: string): boolean {
  return /\.tfstate(env:.+)?$/.test(name);
}

/** localeCompare's order, without building a collator per comparison. */
const collator = new Intl.Collator();

/**
 * Every environment in one container, from ONE paginated listing with metadata and tags:
 * requests grow with pages (5,000 blobs each), not with environments. `deep` adds one read per state.
 * Each listed blob is reduced to what its row needs as it streams in, so memory grows with
 * environments (a few hundred bytes each), not with pages.
 */
export async function listStatus(
  container: ContainerClient,
  options: ListStatusOptions = {},
): Promise<StatusRow[]> {
  const now = options.now ?? new Date();
  const exclude = options.excludePrefixes ?? ['backups/'];
  const states: StateBlob[] = [];
  const records = new Map<string, RecordFacts>();
  let listed = 0;
  for await (const blob of listBlobsStreamed(container, { pageSize: options.pageSize ?? 5_000 })) {
    listed += 1;
    options.onProgress?.({ phase: 'listing', done: listed });
    if (exclude.some((prefix) => blob.name.startsWith(prefix))) continue;
    if (isRecordBlobName(blob.name)) {
      const summary = summaryFrom(blob);
      if (summary) {
        const { envId, environment, instance, stateKey, status, expiresAt, url } = summary;
        records.set(posix.dirname(blob.name), {
          envId,
          environment,
          instance,
          stateKey,
          status,
          expiresAt,
          url,
        });
      }
    } else if (isStateBlobName(blob.name)) {
      states.push({
        name: blob.name,
        size: blob.size,
        lastModified: blob.lastModified,
        tier: blob.tier,
        leaseState: blob.leaseState,
        lock: lockFrom(blob.leaseState, blob.metadata),
      });
    }
  }

  const rows: StatusRow[] = [];
  const withState = new Set<string>();
  for (const state of states) {
    const dir = posix.dirname(state.name);
    const record = records.get(dir);
    if (record) withState.add(dir);
    rows.push(row(now, record, state, dir));
  }
  states.length = 0;
  for (const [dir, record] of records) if (!withState.has(dir)) rows.push(row(now, record, undefined, dir));
  rows.sort(
    (a, b) => collator.compare(a.envId, b.envId) || collator.compare(a.stateKey ?? '', b.stateKey ?? ''),
  );

  if (options.deep) await readStates(container, rows, options.concurrency ?? 8, options.onProgress);
  return rows;
}

function row(
  now: Date,
  record: RecordFacts | undefined,
  state: StateBlob | undefined,
  dir: string,
): StatusRow {
  const segments = dir.split('/');
  const lock = state?.lock;
  const expiresAt = record?.expiresAt;
  return {
    envId: record?.envId ?? segments.join('-'),
    environment: record?.environment ?? segments[0] ?? dir,
    instance: record ? record.instance : segments.slice(1).join('/') || undefined,
    stateKey: state?.name ?? record?.stateKey,
    stateFound: state !== undefined,
    size: state?.size,
    lastModified: state?.lastModified,
    tier: state?.tier,
    leaseState: state?.leaseState,
    lockHolder: lock?.who,
    lockOperation: lock?.operation,
    lockAgeMs: lock?.created ? now.getTime() - lock.created.getTime() : undefined,
    status: record?.status,
    expiresAt,
    ttlMs: expiresAt ? new Date(expiresAt).getTime() - now.getTime() : undefined,
    url: record?.url,
  };
}

async function readStates(
  container: ContainerClient,
  rows: StatusRow[],
  concurrency: number,
  onProgress: ProgressListener | undefined,
): Promise<void> {
  const pending = rows.filter((entry) => entry.stateFound && entry.stateKey);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < pending.length) {
      const entry = pending[next++] as StatusRow;
      const { text } = await readBlobText(container.getBlobClient(entry.stateKey as string));
      Object.assign(entry, summarizeState(text));
      done += 1;
      onProgress?.({ phase: 'reading', done, total: pending.length });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, pending.length) }, worker));
}

interface TerraformState {
  serial?: number;
  resources?: { mode?: string; instances?: unknown[] }[];
}

/** Serial and managed resource instances of a state file; an empty blob (a lock on a new key) has none. */
export function summarizeState(text: string): { serial: number | undefined; resourceCount: number } {
  if (text.trim() === '') return { serial: undefined, resourceCount: 0 };
  const state = JSON.parse(text) as TerraformState;
  const resourceCount = (state.resources ?? [])
    .filter((resource) => resource.mode !== 'data')
    .reduce((sum, resource) => sum + (resource.instances?.length ?? 1), 0);
  return { serial: state.serial, resourceCount };
}
