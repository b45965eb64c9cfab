import type { ContainerClient } from '@azure/storage-blob';
import { silentLogger } from '@terrarium/core';
import { recordingLogger } from '@terrarium/core/testing';
import {
  createRecordStore,
  RecordConflictError,
  RecordNotFoundError,
  resolveStorageAuth,
} from '@terrarium/state';
import { createRequestCounter, type RequestCounter } from '@terrarium/state/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Azurite, startAzurite } from '../../harness/azurite.js';
import {
  backendSpec,
  ephemeralTarget,
  longLivedTarget,
  uniqueContainer,
} from '../../harness/target-factory.js';

describe('environment records', () => {
  let azurite: Azurite;
  let container: ContainerClient;
  let counter: RequestCounter;
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
    container = auth.blobService.getContainerClient(uniqueContainer('records'));
    await container.create();
  });
  afterEach(async () => {
    await container.delete();
  });
  afterAll(async () => {
    await azurite?.stop();
  });

  it('creates a record beside the state, with index tags, and walks it through a run', async () => {
    let now = new Date('2026-11-20T10:00:00Z');
    const store = createRecordStore(container, silentLogger, () => now);
    const target = ephemeralTarget(container.containerName, 'feat', 'pr-123', {
      expiresAt: '2026-11-21T10:00:00.000Z',
    });
    const begun = await store.begin(target, {
      status: 'provisioning',
      runId: '111',
      runUrl: 'https://github.com/octo/app/actions/runs/111',
      repository: 'octo/app',
    });
    expect(begun.blobName).toBe('feat/pr-123/terrarium.json');
    expect(begun.record).toMatchObject({
      schemaVersion: 1,
      envId: 'feat-pr-123',
      status: 'provisioning',
      pullRequest: 123,
      createdAt: '2026-11-20T10:00:00.000Z',
      lastRunId: '111',
      repository: 'octo/app',
    });
    expect((await container.getBlobClient(begun.blobName).getTags()).tags).toEqual({
      terrarium: 'record',
      env: 'feat-pr-123',
      environment: 'feat',
      instance: 'pr-123',
      kind: 'ephemeral',
      status: 'provisioning',
      expires_at: '2026-11-21T10:00:00Z',
      pr: '123',
    });

    now = new Date('2026-11-20T10:04:00Z');
    const done = await store.complete(
      target,
      { url: 'https://feat-pr-123.example.net', outputs: { url: 'https://feat-pr-123.example.net' } },
      begun.etag,
    );
    expect(done.record).toMatchObject({ status: 'ready', updatedAt: '2026-11-20T10:04:00.000Z' });
    expect(done.etag).not.toBe(begun.etag);

    const byEnvId = await store.get('feat-pr-123');
    expect(byEnvId?.record).toEqual(done.record);
    expect(byEnvId?.etag).toBe(done.etag);
    expect((await store.get(target))?.record.url).toBe('https://feat-pr-123.example.net');
    expect(await store.get('feat-pr-999')).toBeUndefined();

    // A new run takes the record over: createdAt stays, the run and status change.
    const again = await store.begin(target, { status: 'destroying', runId: '222' });
    expect(again.record).toMatchObject({
      createdAt: '2026-11-20T10:00:00.000Z',
      status: 'destroying',
      lastRunId: '222',
      repository: 'octo/app',
      url: 'https://feat-pr-123.example.net',
    });
    expect(await store.remove(target, again.etag)).toBe(true);
    expect(await store.remove(target)).toBe(false);
    expect(await store.get(target)).toBeUndefined();
  });

  it('never lets runs that begin at once overwrite each other silently', async () => {
    const target = ephemeralTarget(container.containerName, 'feat', 'pr-5');
    const logger = recordingLogger();
    const runs = Array.from({ length: 10 }, (_, index) => `run-${index}`);
    const outcomes = await Promise.allSettled(
      runs.map((runId) =>
        createRecordStore(container, logger).begin(target, { status: 'provisioning', runId }),
      ),
    );
    const won = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const lost = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    for (const error of lost) {
      expect(error).toBeInstanceOf(RecordConflictError);
      expect((error as Error).message).toMatch(/another run changed the record of "feat-pr-5"/);
    }
    // Whoever wrote after the first did so knowingly: it read the other's record and said so.
    const takeovers = logger.lines.filter(
      (line) => line.level === 'warning' && /takes it over/.test(line.message),
    );
    expect(won.length).toBe(1 + takeovers.length);
    expect(won.length + lost.length).toBe(10);
    expect(new Set(won.map((stored) => stored.etag)).size).toBe(won.length);
    const final = await createRecordStore(container, silentLogger).get(target);
    expect(won.map((stored) => stored.etag)).toContain(final?.etag);
  });

  it('lets only one of two writers holding the same version write (ETag)', async () => {
    const target = ephemeralTarget(container.containerName, 'feat', 'pr-6');
    await createRecordStore(container, silentLogger).begin(target, { status: 'provisioning', runId: 'A' });
    const first = createRecordStore(container, silentLogger);
    const second = createRecordStore(container, silentLogger);
    const [readByFirst, readBySecond] = await Promise.all([first.get(target), second.get(target)]);
    expect(readByFirst?.etag).toBe(readBySecond?.etag);
    const outcomes = await Promise.allSettled([
      first.update(target, { failureReason: 'first' }, readByFirst?.etag),
      second.update(target, { failureReason: 'second' }, readBySecond?.etag),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(RecordConflictError);
    const fulfilled = outcomes.find((outcome) => outcome.status === 'fulfilled') as PromiseFulfilledResult<{
      record: { failureReason: string };
    }>;
    expect((await first.get(target))?.record.failureReason).toBe(fulfilled.value.record.failureReason);
  });

  it('refuses a write based on a version another run has changed since (ETag)', async () => {
    const target = longLivedTarget(container.containerName, 'stg');
    const store = createRecordStore(container, silentLogger);
    const mine = await store.begin(target, { status: 'provisioning', runId: 'mine' });
    expect(mine.blobName).toBe('stg/terrarium.json');
    // Another run writes in between.
    const theirs = await store.update(target, { lastRunId: 'theirs' });
    await expect(
      store.complete(target, { url: 'https://stg.example.net' }, mine.etag),
    ).rejects.toBeInstanceOf(RecordConflictError);
    await expect(store.remove(target, mine.etag)).rejects.toBeInstanceOf(RecordConflictError);
    const kept = await store.get(target);
    expect(kept?.record).toEqual(theirs.record);
    expect(kept?.record.url).toBeUndefined();
  });

  it('says begin() is missing when a run completes an environment without a record', async () => {
    const store = createRecordStore(container, silentLogger);
    await expect(
      store.complete(ephemeralTarget(container.containerName, 'feat', 'pr-1')),
    ).rejects.toBeInstanceOf(RecordNotFoundError);
  });

  it('finds expired records by tag query and lists them all in one listing', async () => {
    const logger = recordingLogger();
    const store = createRecordStore(container, logger);
    const now = new Date('2026-11-22T12:00:00Z');
    const at = (hours: number) => new Date(now.getTime() + hours * 3_600_000).toISOString();
    await store.begin(ephemeralTarget(container.containerName, 'feat', 'pr-1', { expiresAt: at(-30) }), {
      status: 'provisioning',
    });
    await store.begin(ephemeralTarget(container.containerName, 'feat', 'pr-2', { expiresAt: at(-1) }), {
      status: 'provisioning',
    });
    await store.begin(ephemeralTarget(container.containerName, 'feat', 'pr-3', { expiresAt: at(+1) }), {
      status: 'provisioning',
    });
    await store.begin(ephemeralTarget(container.containerName, 'perf', 'run-42', { expiresAt: at(-2) }), {
      status: 'provisioning',
    });
    await store.begin(longLivedTarget(container.containerName, 'stg'), { status: 'provisioning' });
    // A state beside a record, and a backup with its own tags: neither is a record.
    await container.getBlockBlobClient('feat/pr-1/terraform.tfstate').upload('{}', 2);
    await container.getBlockBlobClient('backups/feat-pr-1/x.tfstate').upload('{}', 2, {
      tags: { terrarium: 'backup' },
    });

    const expired: string[] = [];
    for await (const stored of store.findExpired(now)) expired.push(stored.record.envId);
    expect(expired.sort()).toEqual(['feat-pr-1', 'feat-pr-2', 'perf-run-42']);

    counter.reset();
    const listed = [];
    for await (const summary of store.list()) listed.push(summary);
    expect(counter.total).toBe(1);
    expect(listed.map((summary) => summary.envId).sort()).toEqual([
      'feat-pr-1',
      'feat-pr-2',
      'feat-pr-3',
      'perf-run-42',
      'stg',
    ]);
    expect(listed.find((summary) => summary.envId === 'stg')).toMatchObject({
      environment: 'stg',
      instance: undefined,
      kind: 'long-lived',
      expiresAt: undefined,
      status: 'provisioning',
      stateKey: 'stg/terraform.tfstate',
    });
    expect(listed.find((summary) => summary.envId === 'perf-run-42')).toMatchObject({
      instance: 'run-42',
      pullRequest: undefined,
      expiresAt: `${at(-2).slice(0, 19)}Z`,
    });
  });
});
