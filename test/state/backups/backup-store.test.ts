import { randomUUID } from 'node:crypto';
import type { ContainerClient } from '@azure/storage-blob';
import { type BackupReason, ConfigurationError, silentLogger } from '@terrarium/core';
import { recordingLogger } from '@terrarium/core/testing';
import { createBackup, listBackups, pruneBackups } from '@terrarium/state';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Azurite, startAzurite } from '../../harness/azurite.js';
import { freshContainer, readJson, terraformState, writeState } from '../state-fixtures.js';

const DAY = 86_400_000;
const target = { envId: 'feat-pr-7', stateKey: 'feat/pr-7/terraform.tfstate', backupRetentionDays: 14 };

describe('state backups against Azurite', () => {
  let azurite: Azurite;
  let container: ContainerClient;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(async () => {
    await azurite?.stop();
  });
  afterEach(async () => {
    await container?.deleteIfExists();
  });

  it('copies the state under backups/<envId>/ with metadata and index tags, Hot when kept under 30 days', async () => {
    container = await freshContainer(azurite, 'backup');
    const lineage = randomUUID();
    await writeState(container, target.stateKey, terraformState(5, lineage));
    const logger = recordingLogger();
    const now = new Date('2026-11-22T00:01:30.123Z');
    const info = await createBackup(container, undefined, target, { reason: 'manual', logger, now });

    expect(info).toMatchObject({
      name: 'backups/feat-pr-7/20261122T000130123Z-manual.tfstate',
      envId: 'feat-pr-7',
      sourceKey: target.stateKey,
      serial: 5,
      lineage,
      reason: 'manual',
      createdAt: now.toISOString(),
      tier: 'Hot',
    });
    const blob = container.getBlobClient(info.name);
    const properties = await blob.getProperties();
    // Kept 14 days: Cool would bill its 30-day minimum for a blob deleted after 14.
    expect(properties.accessTier).toBe('Hot');
    expect(properties.metadata).toEqual({
      envid: 'feat-pr-7',
      sourcekey: target.stateKey,
      serial: '5',
      lineage,
      reason: 'manual',
      createdat: now.toISOString(),
    });
    expect((await blob.getTags()).tags).toEqual({
      terrarium: 'backup',
      env: 'feat-pr-7',
      'retention-days': '14',
    });
    expect(await readJson(container, info.name)).toEqual(await readJson(container, target.stateKey));
    expect(logger.lines.some((line) => line.message.includes(info.name))).toBe(true);

    const found: string[] = [];
    for await (const hit of container.findBlobsByTags(`terrarium='backup' AND env='feat-pr-7'`))
      found.push(hit.name);
    expect(found).toEqual([info.name]);
  });

  it('writes a backup kept 30 days or more straight to Cool, and one of unknown retention Hot', async () => {
    container = await freshContainer(azurite, 'backup-cool');
    await writeState(container, 'stg/terraform.tfstate', terraformState(1, randomUUID()));
    const stg = { envId: 'stg', stateKey: 'stg/terraform.tfstate' };
    const kept30 = await createBackup(
      container,
      undefined,
      { ...stg, backupRetentionDays: 30 },
      { reason: 'pre-apply', logger: silentLogger },
    );
    const unknown = await createBackup(container, undefined, stg, { reason: 'manual', logger: silentLogger });
    expect((await container.getBlobClient(kept30.name).getProperties()).accessTier).toBe('Cool');
    expect((await container.getBlobClient(unknown.name).getProperties()).accessTier).toBe('Hot');
    expect([kept30.tier, unknown.tier]).toEqual(['Cool', 'Hot']);
  });

  it('can also snapshot the state blob itself', async () => {
    container = await freshContainer(azurite, 'backup-snap');
    await writeState(container, target.stateKey, terraformState(1, randomUUID()));
    const info = await createBackup(container, undefined, target, {
      reason: 'pre-destroy',
      logger: silentLogger,
      snapshot: true,
    });
    expect(info.snapshot).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const snapshot = container.getBlobClient(target.stateKey).withSnapshot(info.snapshot as string);
    expect(JSON.parse((await snapshot.downloadToBuffer()).toString()).serial).toBe(1);
  });

  it('backs up from a separate state container into the main one', async () => {
    container = await freshContainer(azurite, 'backup-main');
    const states = await freshContainer(azurite, 'backup-env');
    try {
      await writeState(states, 'terraform.tfstate', terraformState(3, randomUUID()));
      const info = await createBackup(
        container,
        states,
        { envId: 'perf-run-1', stateKey: 'terraform.tfstate' },
        { reason: 'final', logger: silentLogger },
      );
      expect((await listBackups(container, 'perf-run-1')).map((b) => b.name)).toEqual([info.name]);
    } finally {
      await states.deleteIfExists();
    }
  });

  it('backs up a state while terraform holds its lease', async () => {
    container = await freshContainer(azurite, 'backup-leased');
    await writeState(container, target.stateKey, terraformState(2, randomUUID()));
    const lease = container.getBlobClient(target.stateKey).getBlobLeaseClient();
    await lease.acquireLease(-1);
    try {
      const info = await createBackup(container, undefined, target, {
        reason: 'pre-destroy',
        logger: silentLogger,
      });
      expect(info.serial).toBe(2);
      expect((await container.getBlobClient(target.stateKey).getProperties()).leaseState).toBe('leased');
    } finally {
      await lease.releaseLease();
    }
  });

  it('refuses a missing state, a non-state and a bad reason with what to change', async () => {
    container = await freshContainer(azurite, 'backup-bad');
    await expect(
      createBackup(container, undefined, target, { reason: 'manual', logger: silentLogger }),
    ).rejects.toThrow(/there is no state at .*feat\/pr-7\/terraform.tfstate to back up/);
    await writeState(container, target.stateKey, 'not json');
    await expect(
      createBackup(container, undefined, target, { reason: 'manual', logger: silentLogger }),
    ).rejects.toThrow(ConfigurationError);
    await writeState(container, target.stateKey, terraformState(1, randomUUID()));
    await expect(
      createBackup(container, undefined, target, { reason: 'Not OK' as BackupReason, logger: silentLogger }),
    ).rejects.toThrow(/backup reason "Not OK" is not valid/);
    expect(await listBackups(container, target.envId)).toEqual([]);
  });

  it('lists newest first, only for the environment asked, and prunes by retention as the policy does', async () => {
    container = await freshContainer(azurite, 'backup-prune');
    const lineage = randomUUID();
    const start = Date.parse('2026-10-01T00:00:00.000Z');
    // Days 0, 10, 20, 30: with a 25-day retention on day 40 the first two are old.
    for (const [i, day] of [0, 10, 20, 30].entries()) {
      await writeState(container, target.stateKey, terraformState(i + 1, lineage));
      await createBackup(container, undefined, target, {
        reason: 'manual',
        logger: silentLogger,
        now: new Date(start + day * DAY),
      });
    }
    // A neighbour whose id shares a prefix must not show up.
    await writeState(container, 'feat/pr-70/terraform.tfstate', terraformState(1, randomUUID()));
    await createBackup(
      container,
      undefined,
      { envId: 'feat-pr-70', stateKey: 'feat/pr-70/terraform.tfstate' },
      { reason: 'manual', logger: silentLogger, now: new Date(start) },
    );

    const listed = await listBackups(container, target.envId);
    expect(listed.map((b) => b.serial)).toEqual([4, 3, 2, 1]);
    expect(listed.every((b) => b.lineage === lineage && b.tier === 'Hot' && (b.sizeBytes ?? 0) > 0)).toBe(
      true,
    );

    const now = new Date(start + 40 * DAY);
    const dry = await pruneBackups(container, target.envId, { retentionDays: 25, now, dryRun: true });
    expect(dry.map((b) => b.serial)).toEqual([2, 1]);
    expect(await listBackups(container, target.envId)).toHaveLength(4);

    const pruned = await pruneBackups(container, target.envId, { retentionDays: 25, now });
    expect(pruned.map((b) => b.serial)).toEqual([2, 1]);
    expect((await listBackups(container, target.envId)).map((b) => b.serial)).toEqual([4, 3]);

    // Far in the future everything is older than its retention, the newest too: the lifecycle
    // policy deletes by age alone, and pruning keeps exactly what it keeps.
    const later = await pruneBackups(container, target.envId, {
      retentionDays: 14,
      now: new Date(start + 400 * DAY),
    });
    expect(later.map((b) => b.serial)).toEqual([4, 3]);
    expect(await listBackups(container, target.envId)).toEqual([]);
    expect(await listBackups(container, 'feat-pr-70')).toHaveLength(1);
  });
});
