import { describe, expect, it } from 'vitest';
import { estimateStateCost } from './cost-estimate.js';
import { DEFAULT_PRICES, mergePrices } from './cost-prices.js';

const GiB = 1024 ** 3;

describe('estimateStateCost (figures worked out by hand from DEFAULT_PRICES)', () => {
  it('prices storage by tier and operations by class', () => {
    const estimate = estimateStateCost(
      {
        blobs: [
          { kind: 'state', sizeBytes: GiB, tier: 'Hot' },
          { kind: 'backup', sizeBytes: 10 * GiB, tier: 'Cool' },
          { kind: 'version', sizeBytes: 2 * GiB, tier: 'Cool' },
          { kind: 'backup', sizeBytes: 5 * GiB, tier: 'Cold' },
        ],
      },
      DEFAULT_PRICES,
      { operations: { write: 20_000, read: 50_000, list: 10_000 } },
    );
    // Hot 1 x 0.018; Cool 12 x 0.01; Cold 5 x 0.0036
    expect(estimate.storage.Hot).toEqual({ gb: 1, monthly: expect.closeTo(0.018, 10) });
    expect(estimate.storage.Cool.gb).toBe(12);
    expect(estimate.storage.Cool.monthly).toBeCloseTo(0.12, 10);
    expect(estimate.storage.Cold.monthly).toBeCloseTo(0.018, 10);
    expect(estimate.storage.Archive).toEqual({ gb: 0, monthly: 0 });
    expect(estimate.storageMonthly).toBeCloseTo(0.156, 10);
    // 2 x 0.05 + 5 x 0.004 + 1 x 0.05
    expect(estimate.operations.write).toBeCloseTo(0.1, 10);
    expect(estimate.operations.read).toBeCloseTo(0.02, 10);
    expect(estimate.operations.list).toBeCloseTo(0.05, 10);
    expect(estimate.monthly).toBeCloseTo(0.326, 10);
    // 18 GiB all Hot: 0.324, plus the same operations.
    expect(estimate.allHotMonthly).toBeCloseTo(0.494, 10);
    expect(estimate.tieringSaving).toBeCloseTo(0.168, 10);
    expect(estimate.currency).toBe('USD');
    expect(estimate.prices).toEqual({ region: 'eastus', asOf: '2025-06', source: DEFAULT_PRICES.source });
  });

  it('charges operations at the tier the states live in', () => {
    const estimate = estimateStateCost({ blobs: [] }, DEFAULT_PRICES, {
      operations: { write: 10_000, read: 10_000, list: 0 },
      operationsTier: 'Cool',
    });
    expect(estimate.operations.monthly).toBeCloseTo(0.11, 10);
    expect(estimate.allHotMonthly).toBeCloseTo(0.054, 10);
    expect(estimate.tieringSaving).toBeCloseTo(-0.056, 10);
  });

  it('projects a backup flow: written Cool, Cold after 30 days, deleted after 45, against Hot forever', () => {
    const { projection } = estimateStateCost({ blobs: [] }, DEFAULT_PRICES, {
      projection: {
        newBlobsPerMonth: 30,
        averageSizeBytes: GiB,
        months: 2,
        schedule: { startTier: 'Cool', coldAfterDays: 30, deleteAfterDays: 45 },
      },
    });
    // One a day for 60 days: ages 0-30 Cool (31), 31-45 Cold (15), 46-59 gone.
    expect(projection?.storedGbWithPolicy).toBeCloseTo(46, 10);
    expect(projection?.storedGbWithoutPolicy).toBeCloseTo(60, 10);
    expect(projection?.withPolicyMonthly).toBeCloseTo(31 * 0.01 + 15 * 0.0036, 10);
    expect(projection?.withoutPolicyMonthly).toBeCloseTo(1.08, 10);
    expect(projection?.saving).toBeCloseTo(0.716, 10);
  });

  it('projects versions: Hot, Cool after 7 days, deleted after 20', () => {
    const { projection } = estimateStateCost({ blobs: [] }, DEFAULT_PRICES, {
      projection: {
        newBlobsPerMonth: 30,
        averageSizeBytes: GiB,
        months: 1,
        schedule: { startTier: 'Hot', coolAfterDays: 7, deleteAfterDays: 20 },
      },
    });
    // Ages 0-7 Hot (8), 8-20 Cool (13), 21-29 gone.
    expect(projection?.withPolicyMonthly).toBeCloseTo(0.274, 10);
    expect(projection?.withoutPolicyMonthly).toBeCloseTo(0.54, 10);
  });

  it('uses overridden prices', () => {
    const prices = mergePrices(DEFAULT_PRICES, { storagePerGbMonth: { Hot: 0.02 } }, 'prices.json');
    expect(
      estimateStateCost({ blobs: [{ kind: 'state', sizeBytes: 2 * GiB, tier: 'Hot' }] }, prices).monthly,
    ).toBeCloseTo(0.04, 10);
  });

  it.each([
    [
      'a negative size',
      { blobs: [{ kind: 'state' as const, sizeBytes: -1, tier: 'Hot' as const }] },
      {},
      /blobs\[0\].sizeBytes must be a number of 0 or more/,
    ],
    [
      'an unknown tier',
      { blobs: [{ kind: 'state' as const, sizeBytes: 1, tier: 'Premium' as never }] },
      {},
      /"Premium" is not one of Hot, Cool, Cold, Archive/,
    ],
    [
      'negative operations',
      { blobs: [] },
      { operations: { write: -5, read: 0, list: 0 } },
      /operations.write must be/,
    ],
    [
      'a zero-month projection',
      { blobs: [] },
      {
        projection: {
          newBlobsPerMonth: 1,
          averageSizeBytes: 1,
          months: 0,
          schedule: { startTier: 'Cool' as const },
        },
      },
      /projection.months must be a whole number of 1 or more/,
    ],
  ])('refuses %s', (_label, inventory, options, message) => {
    expect(() => estimateStateCost(inventory, DEFAULT_PRICES, options)).toThrow(message);
  });
});
