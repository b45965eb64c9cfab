import { randomUUID } from 'node:crypto';
import type { ContainerClient } from '@azure/storage-blob';
import { silentLogger } from '@terrarium/core';
import { createBackup, DEFAULT_PRICES, estimateStateCost, listCostInventory } from '@terrarium/state';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Azurite, startAzurite } from '../../harness/azurite.js';
import { freshContainer, terraformState, writeState } from '../state-fixtures.js';

describe('cost inventory from a real listing', () => {
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

  it('classifies states, snapshots, backups and records with their sizes and tiers', async () => {
    container = await freshContainer(azurite, 'cost');
    const state = terraformState(1, randomUUID());
    await writeState(container, 'stg/terraform.tfstate', state);
    await container.getBlockBlobClient('records/stg.json').upload('{}', 2);
    const backup = await createBackup(
      container,
      undefined,
      // Kept 30 days: written Cool.
      { envId: 'stg', stateKey: 'stg/terraform.tfstate', backupRetentionDays: 30 },
      { reason: 'manual', logger: silentLogger, snapshot: true },
    );

    const inventory = await listCostInventory(container);
    const size = Buffer.byteLength(state);
    expect(inventory.blobs).toEqual(
      expect.arrayContaining([
        { kind: 'state', sizeBytes: size, tier: 'Hot' },
        { kind: 'snapshot', sizeBytes: size, tier: 'Hot' },
        { kind: 'backup', sizeBytes: size, tier: 'Cool' },
        { kind: 'record', sizeBytes: 2, tier: 'Hot' },
      ]),
    );
    expect(inventory.blobs).toHaveLength(4);
    expect(backup.tier).toBe('Cool');

    const estimate = estimateStateCost(inventory, DEFAULT_PRICES);
    const GiB = 1024 ** 3;
    expect(estimate.storage.Cool.gb).toBeCloseTo(size / GiB, 15);
    expect(estimate.storage.Hot.gb).toBeCloseTo((2 * size + 2) / GiB, 15);
  });
});
