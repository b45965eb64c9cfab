import {
  type BlobServiceClient,
  type ContainerClient,
  ContainerSASPermissions,
  RestError,
} from '@azure/storage-blob';
import { silentLogger } from '@terrarium/core';
import { createRecordStore, listBlobsStreamed, listStatus, resolveStorageAuth } from '@terrarium/state';
import { createRequestCounter, type RequestCounter } from '@terrarium/state/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Azurite, startAzurite } from '../../harness/azurite.js';
import { seedEnvironments, stateText } from '../../harness/seed-environments.js';
import {
  backendSpec,
  ephemeralTarget,
  longLivedTarget,
  uniqueContainer,
} from '../../harness/target-factory.js';
import { lockLikeTerraform } from '../../harness/terraform-lock.js';

describe('listStatus', () => {
  let azurite: Azurite;
  let container: ContainerClient;
  let service: BlobServiceClient;
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
    service = auth.blobService;
    container = service.getContainerClient(uniqueContainer('status'));
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
      createdAgoMs: 90_000,
      now,
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
    expect(locked?.lockAgeMs).toBe(90_000);
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
  it('reads names, metadata and tags as the SDK does, XML escapes and non-ASCII included, across pages', async () => {
    const blobs: [string, Record<string, string>, Record<string, string>][] = [
      ['odd/a & b <c> "d" \'e\'/terraform.tfstate', { note: 'x & y <z>' }, {}],
      ['odd/ünïcödé ☃ 100%/terraform.tfstate', {}, { env: 'odd-unicode', note: 'a+b=c/d:e_f.g h' }],
      [
        'odd/plain/terraform.tfstate',
        { Terraformlockid: 'eyJJRCI6IngifQ==', other: '' },
        { terrarium: 'record' },
      ],
      ['odd/&amp;literal/terraform.tfstate', {}, {}],
    ];
    for (const [name, metadata, tags] of blobs) {
      await container.getBlockBlobClient(name).upload('{}', 2, { metadata, tags });
    }
    const sdk = [];
    for await (const blob of container.listBlobsFlat({ includeMetadata: true, includeTags: true })) {
      sdk.push({
        name: blob.name,
        size: blob.properties.contentLength,
        lastModified: blob.properties.lastModified,
        tier: blob.properties.accessTier,
        leaseState: blob.properties.leaseState,
        metadata: blob.metadata,
        tags: blob.tags ?? {},
      });
    }
    counter.reset();
    const streamed = [];
    for await (const blob of listBlobsStreamed(container, { pageSize: 3 }))
      streamed.push({ ...blob, tags: blob.tags ?? {} });
    expect(counter.byMethod).toEqual({ GET: 2 });
    expect(streamed).toEqual(sdk);
    expect(streamed.map((blob) => blob.name).sort()).toEqual(blobs.map(([name]) => name).sort());
  });

  it('fails on a missing container as the SDK does: a RestError with status 404 and code ContainerNotFound', async () => {
    const absent = service.getContainerClient(uniqueContainer('missing'));
    const error = await listStatus(absent).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RestError);
    expect(error).toMatchObject({ statusCode: 404, code: 'ContainerNotFound' });
    expect((error as RestError).request?.url).toContain(absent.containerName);
  });

  it('lists through a SAS connection string (a URL that already has a query) with the same rows', async () => {
    const now = new Date('2026-11-22T12:00:00Z');
    await seedEnvironments(container, 30, { now, expiredEvery: 10 });
    const sas = new URL(
      await container.generateSasUrl({
        permissions: ContainerSASPermissions.parse('rl'),
        expiresOn: new Date(Date.now() + 600_000),
      }),
    ).search.slice(1);
    const sasAuth = resolveStorageAuth(
      backendSpec(container.containerName),
      {
        AZURE_STORAGE_CONNECTION_STRING: `AccountName=${azurite.accountName};BlobEndpoint=${azurite.blobEndpoint};SharedAccessSignature=${sas}`,
      },
      { pipelineOptions: { retryOptions: { maxTries: 1 } } },
    );
    const viaSas = await listStatus(sasAuth.blobService.getContainerClient(container.containerName), {
      now,
      pageSize: 7,
    });
    expect(viaSas).toHaveLength(30);
    expect(viaSas).toEqual(await listStatus(container, { now }));
  });
});
