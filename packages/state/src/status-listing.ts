import { posix } from 'node:path';
import type { ContainerClient } from '@azure/storage-blob';
import { readBlobText } from './blob-text.js';
import { lockFrom } from './lock-inspection.js';
import { type EnvironmentStatus, isRecordBlobName, type RecordSummary, summaryFrom } from './record-types.js';

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
  status: EnvironmentStatus | undefined;
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
}

interface StateBlob {
  name: string;
  size: number | undefined;
  lastModified: Date | undefined;
  tier: string | undefined;
  leaseState: string | undefined;
  metadata: Record<string, string> | undefined;
}

/** `terraform.tfstate`, and terraform's workspace keys `terraform.tfstateenv:<name>`. */
export function isStateBlobName(name: string): boolean {
  return /\.tfstate(env:.+)?$/.test(name);
}

/**
 * Every environment in one container, from ONE paginated listing with metadata and tags:
 * requests grow with pages (5,000 blobs each), not with environments. `deep` adds one read per state.
 */
export async function listStatus(
  container: ContainerClient,
  options: ListStatusOptions = {},
): Promise<StatusRow[]> {
  const now = options.now ?? new Date();
  const exclude = options.excludePrefixes ?? ['backups/'];
  const states: StateBlob[] = [];
  const records = new Map<string, RecordSummary>();
  const pages = container
    .listBlobsFlat({ includeMetadata: true, includeTags: true })
    .byPage({ maxPageSize: options.pageSize ?? 5_000 });
  for await (const page of pages) {
    for (const blob of page.segment.blobItems) {
      if (exclude.some((prefix) => blob.name.startsWith(prefix))) continue;
      if (isRecordBlobName(blob.name)) {
        const summary = summaryFrom({ name: blob.name, tags: blob.tags, metadata: blob.metadata });
        if (summary) records.set(posix.dirname(blob.name), summary);
      } else if (isStateBlobName(blob.name)) {
        states.push({
          name: blob.name,
          size: blob.properties.contentLength,
          lastModified: blob.properties.lastModified,
          tier: blob.properties.accessTier,
          leaseState: blob.properties.leaseState,
          metadata: blob.metadata,
        });
      }
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
  for (const [dir, record] of records) if (!withState.has(dir)) rows.push(row(now, record, undefined, dir));
  rows.sort((a, b) => a.envId.localeCompare(b.envId) || (a.stateKey ?? '').localeCompare(b.stateKey ?? ''));

  if (options.deep) await readStates(container, rows, options.concurrency ?? 8);
  return rows;
}

function row(
  now: Date,
  record: RecordSummary | undefined,
  state: StateBlob | undefined,
  dir: string,
): StatusRow {
  const segments = dir.split('/');
  const lock = lockFrom(state?.leaseState, state?.metadata);
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

async function readStates(container: ContainerClient, rows: StatusRow[], concurrency: number): Promise<void> {
  const pending = rows.filter((entry) => entry.stateFound && entry.stateKey);
  let next = 0;
  const worker = async () => {
    while (next < pending.length) {
      const entry = pending[next++] as StatusRow;
      const { text } = await readBlobText(container.getBlobClient(entry.stateKey as string));
      Object.assign(entry, summarizeState(text));
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
