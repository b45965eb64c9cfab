import type { ContainerClient } from '@azure/storage-blob';
import { createSloHistoryStore, resolveStorageAuth } from '@terrarium/state';
import { createRequestCounter, type RequestCounter } from '@terrarium/state/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Azurite, startAzurite } from '../../harness/azurite.js';
import { backendSpec } from '../../harness/target-factory.js';

const DAY = 86_400_000;
/** 40 nights from 2025-12-01 02:17 UTC: December's 31 and January's 9, across a year's end. */
const NIGHTS = Array.from({ length: 40 }, (_, i) => new Date(Date.UTC(2025, 11, 1, 2, 17) + i * DAY));

describe('kept SLO reports in Blob Storage', () => {
  let azurite: Azurite;
  let container: ContainerClient;
  let counter: RequestCounter;
  let serial = 0;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  beforeEach(async () => {
    counter = createRequestCounter();
    const auth = resolveStorageAuth(
      backendSpec('tfstate'),
      { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString },
      { pipelineOptions: { retryOptions: { maxTries: 1 } }, policies: [counter.policy] },
    );
    container = auth.blobService.getContainerClient(`history-${process.pid}-${++serial}`);
    await container.create();
  });
  afterEach(async () => {
    await container.delete();
  });
  afterAll(async () => {
    await azurite?.stop();
  });

  async function keepNights(service = 'llm-chat'): Promise<void> {
    const store = createSloHistoryStore(container);
    for (const [i, at] of NIGHTS.entries()) {
      await store.keep({ slo: 'llm-platform', service, at, runId: String(1000 + i) }, `{"night":${i}}\n`);
    }
  }

  it('reads the newest N, newest first, listing only the months it needs and reading only N blobs', async () => {
    await keepNights();
    const store = createSloHistoryStore(container);
    counter.reset();
    const week = await store.recent('llm-platform', 'llm-chat', 7);
    expect(week.map((kept) => kept.text)).toEqual(
      [39, 38, 37, 36, 35, 34, 33].map((i) => `{"night":${i}}\n`),
    );
    expect(week[0]?.name).toBe('slo-history/llm-platform/llm-chat/2026/01/20260109T021700000Z-1039.json');
    expect(week[0]?.key).toEqual({
      slo: 'llm-platform',
      service: 'llm-chat',
      at: new Date('2026-01-09T02:17:00Z'),
      runId: '1039',
    });
    // Years, 2026's months, January's reports, then the 7 reads: December is never listed.
    expect(counter.byMethod).toEqual({ GET: 10 });

    counter.reset();
    const fortnight = await store.recent('llm-platform', 'llm-chat', 14);
    expect(fortnight.map((kept) => kept.key.at.toISOString().slice(0, 10))).toEqual(
      NIGHTS.slice(26)
        .reverse()
        .map((at) => at.toISOString().slice(0, 10)),
    );
    // Across the year's end: 2025's months and December's reports too, then 14 reads.
    expect(counter.byMethod).toEqual({ GET: 19 });
  });

  it('tags every report for its lifecycle rule and never writes over one', async () => {
    const store = createSloHistoryStore(container);
    const key = { slo: 'llm-platform', service: 'llm-chat', at: NIGHTS[0] as Date, runId: '7' };
    const name = await store.keep(key, '{"first":true}\n');
    const blob = container.getBlobClient(name);
    expect((await blob.getTags()).tags).toEqual({ terrarium: 'slo-history' });
    expect((await blob.getProperties()).contentType).toBe('application/json');
    await expect(store.keep(key, '{"second":true}\n')).rejects.toMatchObject({ statusCode: 409 });
    expect((await blob.downloadToBuffer()).toString()).toBe('{"first":true}\n');
  });

  it('reads nothing but kept reports under the prefix, and lists the sets and services kept', async () => {
    // An environment named slo-history keeps its state and record under the same prefix.
    await container.uploadBlockBlob('slo-history/pr-5/terraform.tfstate', '{}', 2);
    await container.uploadBlockBlob('slo-history/llm-platform/llm-chat/2026/01/notes.json', '{}', 2);
    const store = createSloHistoryStore(container);
    await store.keep(
      { slo: 'llm-platform', service: 'llm-chat', at: NIGHTS[39] as Date, runId: '1' },
      '{}\n',
    );
    await store.keep(
      { slo: 'llm-platform', service: 'llm-embed', at: NIGHTS[39] as Date, runId: '1' },
      '{}\n',
    );
    await store.keep({ slo: 'checkout', service: 'api', at: NIGHTS[39] as Date, runId: '1' }, '{}\n');
    expect((await store.recent('llm-platform', 'llm-chat', 5)).map((kept) => kept.name)).toEqual([
      'slo-history/llm-platform/llm-chat/2026/01/20260109T021700000Z-1.json',
    ]);
    expect(await store.recent('llm-platform', 'nothing-kept', 5)).toEqual([]);
    expect(await store.services('llm-platform')).toEqual(['llm-chat', 'llm-embed']);
    // The environment's instance folder holds blobs, not services: it is no SLO set.
    expect(await store.sets()).toEqual(['checkout', 'llm-platform']);
  });
});
