import { randomUUID } from 'node:crypto';
import type { ContainerClient } from '@azure/storage-blob';
import { ConfigurationError, silentLogger } from '@terrarium/core';
import { createBackup, listBackups, restoreState } from '@terrarium/state';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Azurite, startAzurite } from '../../harness/azurite.js';
import { freshContainer, readJson, terraformState, writeState } from '../state-fixtures.js';

const target = { envId: 'stg', stateKey: 'stg/terraform.tfstate' };

async function snapshotOf(container: ContainerClient) {
  const blobs: Record<string, string> = {};
  for await (const item of container.listBlobsFlat()) {
    const buffer = await container.getBlobClient(item.name).downloadToBuffer();
    blobs[item.name] = buffer.toString('utf8');
  }
  return blobs;
}

describe('restoring a state from a backup against Azurite', () => {
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

  async function backedUpAt(serial: number, lineage: string, now: Date) {
    await writeState(container, target.stateKey, terraformState(serial, lineage));
    return createBackup(container, undefined, target, { reason: 'manual', logger: silentLogger, now });
  }

  it('round trip: rolls back with force, backs up the current state first, bumps the serial, frees the lease', async () => {
    container = await freshContainer(azurite, 'restore');
    const lineage = randomUUID();
    const old = await backedUpAt(3, lineage, new Date('2026-11-01T00:00:00Z'));
    const oldOutput = (await readJson(container, old.name)).outputs;
    await writeState(container, target.stateKey, terraformState(9, lineage, 'broken'));

    const result = await restoreState({
      container,
      target,
      backupName: old.name,
      force: true,
      logger: silentLogger,
      now: new Date('2026-11-22T00:00:00Z'),
    });

    expect(result).toMatchObject({
      restoredFrom: old.name,
      lineage,
      backupSerial: 3,
      previousSerial: 9,
      newSerial: 10,
    });
    const restored = await readJson(container, target.stateKey);
    expect(restored.serial).toBe(10);
    expect(restored.lineage).toBe(lineage);
    expect(restored.outputs).toEqual(oldOutput);
    expect(restored.resources).toEqual((await readJson(container, old.name)).resources);

    const pre = result.preRestoreBackup;
    expect(pre?.reason).toBe('pre-restore');
    expect(pre?.serial).toBe(9);
    expect((await readJson(container, pre?.name as string)).outputs).toMatchObject({
      value: { value: 'broken' },
    });
    expect((await listBackups(container, 'stg')).map((b) => b.reason)).toEqual(['pre-restore', 'manual']);

    const properties = await container.getBlobClient(target.stateKey).getProperties();
    expect(properties.leaseState).toBe('available');
  });

  it('restores forward without force when the serial does not go back', async () => {
    container = await freshContainer(azurite, 'restore-fwd');
    const lineage = randomUUID();
    const backup = await backedUpAt(4, lineage, new Date('2026-11-01T00:00:00Z'));
    await writeState(container, target.stateKey, terraformState(4, lineage, 'same serial, other content'));
    const result = await restoreState({ container, target, backupName: backup.name, logger: silentLogger });
    expect(result.newSerial).toBe(5);
    expect((await readJson(container, target.stateKey)).serial).toBe(5);
  });

  it('refuses another lineage, even forced, and changes nothing', async () => {
    container = await freshContainer(azurite, 'restore-lineage');
    const foreign = await backedUpAt(
      2,
      'aaaaaaaa-0000-0000-0000-000000000001',
      new Date('2026-11-01T00:00:00Z'),
    );
    await writeState(container, target.stateKey, terraformState(1, 'bbbbbbbb-0000-0000-0000-000000000002'));
    const before = await snapshotOf(container);

    const attempt = restoreState({
      container,
      target,
      backupName: foreign.name,
      force: true,
      logger: silentLogger,
    });
    await expect(attempt).rejects.toThrow(ConfigurationError);
    await expect(attempt).rejects.toThrow(
      /lineage aaaaaaaa-0000-0000-0000-000000000001 but state .*stg\/terraform.tfstate has lineage bbbbbbbb-0000-0000-0000-000000000002/,
    );
    expect(await snapshotOf(container)).toEqual(before);
    expect((await container.getBlobClient(target.stateKey).getProperties()).leaseState).toBe('available');
  });

  it('refuses a serial going backwards unless forced', async () => {
    container = await freshContainer(azurite, 'restore-serial');
    const lineage = randomUUID();
    const old = await backedUpAt(2, lineage, new Date('2026-11-01T00:00:00Z'));
    await writeState(container, target.stateKey, terraformState(7, lineage));
    const before = await snapshotOf(container);
    await expect(
      restoreState({ container, target, backupName: old.name, logger: silentLogger }),
    ).rejects.toThrow(/serial 2, older than the current 7 .*pass force/);
    expect(await snapshotOf(container)).toEqual(before);
  });

  it('refuses while the state is leased (terraform holds the lock), naming the holder', async () => {
    container = await freshContainer(azurite, 'restore-leased');
    const lineage = randomUUID();
    const backup = await backedUpAt(5, lineage, new Date('2026-11-01T00:00:00Z'));
    const stateBlob = container.getBlobClient(target.stateKey);
    const lockInfo = {
      ID: 'f00dfeed-1234',
      Operation: 'OperationTypeApply',
      Who: 'runner@gh',
      Version: '1.11.0',
      Created: '2026-11-22T00:00:00Z',
      Info: '',
    };
    // What terraform's backend does: an infinite lease plus base64 lock info in metadata.
    const lease = await stateBlob.getBlobLeaseClient('f00dfeed-1234').acquireLease(-1);
    await stateBlob.setMetadata(
      { terraformlockid: Buffer.from(JSON.stringify(lockInfo)).toString('base64') },
      { conditions: { leaseId: lease.leaseId as string } },
    );
    const before = await snapshotOf(container);
    await expect(
      restoreState({ container, target, backupName: backup.name, force: true, logger: silentLogger }),
    ).rejects.toThrow(/is locked by terraform lock f00dfeed-1234 \(OperationTypeApply by runner@gh/);
    expect(await snapshotOf(container)).toEqual(before);
    expect((await stateBlob.getProperties()).leaseState).toBe('leased');
    await stateBlob.getBlobLeaseClient('f00dfeed-1234').releaseLease();
  });

  it('refuses a backup of another environment and a backup that does not exist', async () => {
    container = await freshContainer(azurite, 'restore-missing');
    await expect(
      restoreState({
        container,
        target,
        backupName: 'backups/prod/20261101T000000000Z-manual.tfstate',
        logger: silentLogger,
      }),
    ).rejects.toThrow(/is not one of environment stg's/);
    await expect(
      restoreState({
        container,
        target,
        backupName: 'backups/stg/20261101T000000000Z-manual.tfstate',
        logger: silentLogger,
      }),
    ).rejects.toThrow(/there is no backup/);
  });

  it('restores into a separate state container, keeping backups in the main one', async () => {
    container = await freshContainer(azurite, 'restore-main');
    const states = await freshContainer(azurite, 'restore-env');
    const env = { envId: 'feat-pr-5', stateKey: 'terraform.tfstate' };
    try {
      const lineage = randomUUID();
      await writeState(states, env.stateKey, terraformState(1, lineage, 'first'));
      const first = await createBackup(container, states, env, {
        reason: 'manual',
        logger: silentLogger,
        now: new Date('2026-11-01T00:00:00Z'),
      });
      await writeState(states, env.stateKey, terraformState(2, lineage, 'second'));
      const result = await restoreState({
        container,
        stateContainer: states,
        target: env,
        backupName: first.name,
        force: true,
        logger: silentLogger,
      });
      expect(result.newSerial).toBe(3);
      expect((await readJson(states, env.stateKey)).outputs).toMatchObject({ value: { value: 'first' } });
      expect((await listBackups(container, env.envId)).map((b) => b.reason)).toEqual([
        'pre-restore',
        'manual',
      ]);
      expect(await states.getBlobClient(result.preRestoreBackup?.name as string).exists()).toBe(false);
    } finally {
      await states.deleteIfExists();
    }
  });

  it('writes the backup where the state was deleted', async () => {
    container = await freshContainer(azurite, 'restore-gone');
    const backup = await backedUpAt(6, randomUUID(), new Date('2026-11-01T00:00:00Z'));
    await container.getBlobClient(target.stateKey).delete();
    const result = await restoreState({ container, target, backupName: backup.name, logger: silentLogger });
    expect(result).toMatchObject({ previousSerial: undefined, newSerial: 7, preRestoreBackup: undefined });
    expect((await readJson(container, target.stateKey)).serial).toBe(7);
  });
});
