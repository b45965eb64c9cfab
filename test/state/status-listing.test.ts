import type { ContainerClient } from '@azure/storage-blob';
import { silentLogger } from '@terrarium/core';
import {
  createRecordStore,
  createRequestCounter,
  listStatus,
  type RequestCounter,
  resolveStorageAuth,
} from '@terrarium/state';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Azurite, startAzurite } from '../harness/azurite.js';
import { seedEnvironments, stateText } from './seed-environments.js';
import { backendSpec, ephemeralTarget, longLivedTarget, uniqueContainer } from './target-factory.js';
import { lockLikeTerraform } from './terraform-lock.js';

describe('listStatus', () => {
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
    container = auth.blobService.getContainerClient(uniqueContainer('status'));
    await container.create();
  });
  afterEach(async () => {
    await container.delete();
  });
  afterAll(async () => {
    await azurite?.stop();
  });

  it('reports 2,000 environments from listing pages, not per-environment requests', async () => {
    const now = new Date('2026-11-22T12:00:00Z');
    const count = 2_000;
    await seedEnvironments(container, count, { now, expiredEvery: 10 });
    await lockLikeTerraform(container.getBlockBlobClient('feat/pr-7/terraform.tfstate'), {
      who: 'runner@fv-az7',
      operation: 'OperationTypeApply',
      createdAgoMs: 0,
    });

    counter.reset();
    const rows = await listStatus(container, { now });
    // 4,000 blobs (a state and a record each) fit one page of 5,000: one request for 2,000 environments.
    expect(counter.byMethod).toEqual({ GET: 1 });
    expect(rows).toHaveLength(count);
    // Requests follow pages: 4,000 blobs at 700 a page are 6 pages, the same rows.
    counter.reset();
    const paged = await listStatus(container, { now, pageSize: 700 });
    expect(counter.byMethod).toEqual({ GET: 6 });
    expect(paged).toEqual(rows);
    expect(new Set(rows.map((row) => row.envId)).size).toBe(count);

    const row = (envId: string) => rows.find((entry) => entry.envId === envId);
    expect(row('feat-pr-12')).toMatchObject({
      environment: 'feat',
      instance: 'pr-12',
      stateKey: 'feat/pr-12/terraform.tfstate',
      stateFound: true,
      size: stateText(12).length,
      tier: 'Hot',
      leaseState: 'available',
      lockHolder: undefined,
      status: 'ready',
      ttlMs: 24 * 3_600_000,
      url: 'https://feat-pr-12.example.net',
    });
    expect(row('feat-pr-12')?.lastModified).toBeInstanceOf(Date);
    expect(row('feat-pr-10')?.ttlMs).toBe(-3_600_000);
    expect(rows.filter((entry) => (entry.ttlMs ?? 0) < 0)).toHaveLength(count / 10);
    const locked = row('feat-pr-7');
    expect(locked).toMatchObject({
      leaseState: 'leased',
      lockHolder: 'runner@fv-az7',
      lockOperation: 'OperationTypeApply',
    });
    expect(locked?.lockAgeMs).toBeGreaterThan(0);
    expect(rows.every((entry) => entry.resourceCount === undefined)).toBe(true);
    // Seeding 4,000 blobs one PUT at a time is what takes long on a busy machine, not the listing.
  }, 300_000);

  it('adds serial and resource count when deep, and shows records without a state and states without a record', async () => {
    const store = createRecordStore(container, silentLogger);
    const stg = longLivedTarget(container.containerName, 'stg');
    await store.begin(stg, { status: 'provisioning', runId: '1' });
    await store.complete(stg, { url: 'https://stg.example.net' });
    await container.getBlockBlobClient(stg.stateKey).upload(stateText(41), stateText(41).length);
    // Provisioning has begun, terraform has not written a state yet.
    await store.begin(ephemeralTarget(container.containerName, 'feat', 'pr-2'), {
      status: 'provisioning',
      runId: '2',
    });
    // A state nobody keeps a record for (made by hand, or before Terrarium), and a backup to leave out.
    await container.getBlockBlobClient('legacy/terraform.tfstate').upload(stateText(3), stateText(3).length);
    await container.getBlockBlobClient('backups/stg/2026-11-21T00-00-00Z.tfstate').upload('{}', 2);

    counter.reset();
    const rows = await listStatus(container, { deep: true, now: new Date() });
    expect(counter.byMethod).toEqual({ GET: 3 });
    expect(rows.map((row) => [row.envId, row.status, row.stateFound, row.serial, row.resourceCount])).toEqual(
      [
        ['feat-pr-2', 'provisioning', false, undefined, undefined],
        ['legacy', undefined, true, 3, 1],
        ['stg', 'ready', true, 41, 1],
      ],
    );
    expect(rows.find((row) => row.envId === 'stg')).toMatchObject({
      url: 'https://stg.example.net',
      ttlMs: undefined,
      instance: undefined,
      stateKey: 'stg/terraform.tfstate',
    });
  });
});
