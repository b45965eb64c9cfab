import type { ContainerClient } from '@azure/storage-blob';
import { recordingLogger } from '@terrarium/core/testing';
import {
  assessLock,
  breakLock,
  inspectLock,
  LockHeldError,
  type RunStatus,
  resolveStorageAuth,
} from '@terrarium/state';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Azurite, startAzurite } from '../../harness/azurite.js';
import { backendSpec, uniqueContainer } from '../../harness/target-factory.js';
import { lockLikeTerraform } from '../../harness/terraform-lock.js';

const HOUR = 3_600_000;
const staleAfterMs = 6 * HOUR;

function runs(statuses: Record<string, RunStatus>) {
  const asked: string[] = [];
  return {
    asked,
    runStatus: async (runId: string): Promise<RunStatus> => {
      asked.push(runId);
      return statuses[runId] ?? 'unknown';
    },
  };
}

describe('state locks', () => {
  let azurite: Azurite;
  let container: ContainerClient;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  beforeEach(async () => {
    const auth = resolveStorageAuth(
      backendSpec('tfstate'),
      { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString },
      { pipelineOptions: { retryOptions: { maxTries: 1 } } },
    );
    container = auth.blobService.getContainerClient(uniqueContainer('locks'));
    await container.create();
  });
  afterEach(async () => {
    await container.delete();
  });
  afterAll(async () => {
    await azurite?.stop();
  });

  it('sees no lock on a free or missing state', async () => {
    const blob = container.getBlockBlobClient('stg/terraform.tfstate');
    expect(await inspectLock(blob)).toBeUndefined();
    await blob.upload('{}', 2);
    expect(await inspectLock(blob)).toBeUndefined();
  });

  it('decodes terraform lock info from the lease and its metadata', async () => {
    const blob = container.getBlockBlobClient('feat/pr-1/terraform.tfstate');
    const written = await lockLikeTerraform(blob, {
      who: 'runner@fv-az101-42',
      info: 'https://github.com/octo/app/actions/runs/9876543210',
      createdAgoMs: 5 * 60_000,
    });
    const lock = await inspectLock(blob);
    expect(lock).toEqual({
      leaseState: 'leased',
      id: written.id,
      path: `${container.containerName}/feat/pr-1/terraform.tfstate`,
      operation: 'OperationTypeApply',
      who: 'runner@fv-az101-42',
      version: '1.11.4',
      created: written.created,
      info: 'https://github.com/octo/app/actions/runs/9876543210',
    });
  });

  it('judges a lock live or stale by its run, then by its age', async () => {
    const young = container.getBlockBlobClient('feat/pr-2/terraform.tfstate');
    const old = container.getBlockBlobClient('feat/pr-3/terraform.tfstate');
    await lockLikeTerraform(young, { createdAgoMs: HOUR });
    await lockLikeTerraform(old, { createdAgoMs: 30 * HOUR });
    const youngLock = await inspectLock(young);
    const oldLock = await inspectLock(old);
    if (!youngLock || !oldLock) throw new Error('locks not seen');
    const github = runs({ '100': 'completed', '200': 'in_progress', '300': 'unknown' });
    const now = new Date();
    const judge = (lock: typeof youngLock, holderRunId?: string) =>
      assessLock(lock, { now, staleAfterMs, runStatus: github.runStatus, holderRunId });

    expect(await judge(youngLock, '100')).toMatchObject({ stale: true, live: false });
    expect(await judge(oldLock, '200')).toMatchObject({ stale: false, live: true });
    expect(await judge(oldLock, '300')).toMatchObject({ stale: true, live: false });
    expect(await judge(youngLock, '300')).toMatchObject({ stale: false, live: false });
    expect(await judge(oldLock)).toMatchObject({
      stale: true,
      reason: expect.stringMatching(/30 h 0 min old/),
    });
    expect(github.asked).toEqual(['100', '200', '300', '300']);
  });

  it('refuses to break a lock held by a live run, even when forced', async () => {
    const blob = container.getBlockBlobClient('feat/pr-4/terraform.tfstate');
    await lockLikeTerraform(blob, { createdAgoMs: 30 * HOUR, info: 'run 200' });
    const lock = await inspectLock(blob);
    if (!lock) throw new Error('lock not seen');
    const assessment = await assessLock(lock, {
      now: new Date(),
      staleAfterMs,
      runStatus: runs({ '200': 'in_progress' }).runStatus,
    });
    const logger = recordingLogger();
    await expect(breakLock(blob, { assessment, force: true, logger })).rejects.toThrow(LockHeldError);
    await expect(breakLock(blob, { assessment, logger })).rejects.toThrow(/run 200, is still in progress/);
    expect((await blob.getProperties()).leaseState).toBe('leased');
    expect(logger.lines).toEqual([]);
  });

  it('refuses a lock that is not known stale unless forced, then breaks it when forced', async () => {
    const blob = container.getBlockBlobClient('feat/pr-5/terraform.tfstate');
    await lockLikeTerraform(blob, { createdAgoMs: HOUR });
    const lock = await inspectLock(blob);
    if (!lock) throw new Error('lock not seen');
    const assessment = await assessLock(lock, { now: new Date(), staleAfterMs });
    const logger = recordingLogger();
    await expect(breakLock(blob, { assessment, logger })).rejects.toThrow(/not known to be stale/);
    const result = await breakLock(blob, { assessment, force: true, logger });
    expect(result.broken).toBe(true);
    expect(result.message).toMatch(/because it was forced/);
  });

  it('breaks a stale lock as force-unlock does and says what it broke', async () => {
    const blob = container.getBlockBlobClient('feat/pr-6/terraform.tfstate');
    await blob.upload('{"serial":3}', 12, { metadata: { keep: 'yes' } });
    const written = await lockLikeTerraform(blob, {
      createdAgoMs: HOUR,
      who: 'runner@gone',
      info: 'run 100',
    });
    const lock = await inspectLock(blob);
    if (!lock) throw new Error('lock not seen');
    const assessment = await assessLock(lock, {
      now: new Date(),
      staleAfterMs,
      runStatus: runs({ '100': 'completed' }).runStatus,
    });
    const logger = recordingLogger();
    const result = await breakLock(blob, { assessment, logger });
    expect(result.broken).toBe(true);
    expect(result.message).toContain(written.id);
    expect(result.message).toContain('runner@gone');
    expect(result.message).toContain('run 100, has completed');
    expect(logger.lines).toEqual([{ level: 'warning', message: result.message }]);

    const properties = await blob.getProperties();
    // Broken with no break period: free at once (Azure says `broken`, Azurite `available`).
    expect(['broken', 'available']).toContain(properties.leaseState);
    expect(properties.metadata).toEqual({ keep: 'yes' });
    expect(await inspectLock(blob)).toBeUndefined();
    // The next terraform run can lock it again, and the state itself was not touched.
    await lockLikeTerraform(blob);
    expect((await blob.downloadToBuffer()).toString()).toBe('{"serial":3}');
  });

  it('does not break a newer lock than the one assessed', async () => {
    const blob = container.getBlockBlobClient('feat/pr-7/terraform.tfstate');
    const first = await lockLikeTerraform(blob, { createdAgoMs: 30 * HOUR });
    const lock = await inspectLock(blob);
    if (!lock) throw new Error('lock not seen');
    const assessment = await assessLock(lock, { now: new Date(), staleAfterMs });
    expect(assessment.stale).toBe(true);
    // Meanwhile the holder let go and a new run took the lock.
    await blob.getBlobLeaseClient(first.id).releaseLease();
    const second = await lockLikeTerraform(blob);
    await expect(breakLock(blob, { assessment, logger: recordingLogger() })).rejects.toThrow(
      /now held by another lock/,
    );
    expect((await inspectLock(blob))?.id).toBe(second.id);
  });
});
