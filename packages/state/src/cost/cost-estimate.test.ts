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
      { operations: { write: 20_000, read: 50_000, list: 10_000, other: 30_000 } },
    );
    // Hot 1 x 0.018; Cool 12 x 0.01; Cold 5 x 0.0036
    expect(estimate.storage.Hot).toEqual({ gb: 1, monthly: expect.closeTo(0.018, 10) });
    expect(estimate.storage.Cool.gb).toBe(12);
    expect(estimate.storage.Cool.monthly).toBeCloseTo(0.12, 10);
    expect(estimate.storage.Cold.monthly).toBeCloseTo(0.018, 10);
    expect(estimate.storage.Archive).toEqual({ gb: 0, monthly: 0 });
    expect(estimate.storageMonthly).toBeCloseTo(0.156, 10);
    // 2 x 0.05 + 5 x 0.004 + 1 x 0.05 + 3 x 0.004
    expect(estimate.operations.write).toBeCloseTo(0.1, 10);
    expect(estimate.operations.read).toBeCloseTo(0.02, 10);
    expect(estimate.operations.list).toBeCloseTo(0.05, 10);
    expect(estimate.operations.other).toBeCloseTo(0.012, 10);
    expect(estimate.monthly).toBeCloseTo(0.338, 10);
    // 18 GiB all Hot: 0.324, plus the same operations.
    expect(estimate.allHotMonthly).toBeCloseTo(0.506, 10);
    expect(estimate.tieringSaving).toBeCloseTo(0.168, 10);
    expect(estimate.currency).toBe('USD');
    expect(estimate.prices).toEqual({ region: 'eastus', asOf: '2025-06', source: DEFAULT_PRICES.source });
  });

  it('charges operations and retrieval at the tier the states live in', () => {
    const estimate = estimateStateCost({ blobs: [] }, DEFAULT_PRICES, {
      operations: { write: 10_000, read: 10_000, list: 0, other: 0 },
      operationsTier: 'Cool',
      readGbPerMonth: 2,
    });
    expect(estimate.operations.monthly).toBeCloseTo(0.11, 10);
    // 2 GB read from Cool at 0.01 each.
    expect(estimate.retrievalMonthly).toBeCloseTo(0.02, 10);
    expect(estimate.monthly).toBeCloseTo(0.13, 10);
    expect(estimate.allHotMonthly).toBeCloseTo(0.054, 10);
    expect(estimate.tieringSaving).toBeCloseTo(-0.076, 10);
  });

  it("bills Cold's 90-day minimum to a backup moved there 15 days before it goes (the README's old example)", () => {
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
    // 75 of Cold's 90 days billed anyway: 75/30 x 0.0036 per backup, 30 backups a month.
    expect(projection?.earlyDeletionMonthly).toBeCloseTo(0.27, 10);
    // Written Cool (0.10 per 10k), moved to Cold (0.18 per 10k).
    expect(projection?.operationsMonthly).toBeCloseTo((30 * (0.1 + 0.18)) / 10_000, 10);
    expect(projection?.withPolicyMonthly).toBeCloseTo(31 * 0.01 + 15 * 0.0036 + 0.27 + 0.00084, 10);
    expect(projection?.withPolicyMonthly).toBeCloseTo(0.635, 3);
    expect(projection?.withoutPolicyMonthly).toBeCloseTo(1.08 + 0.00015, 10);
  });

  it('projects the same backups tiered by their retention: Cool all 45 days, no early deletion', () => {
    const { projection } = estimateStateCost({ blobs: [] }, DEFAULT_PRICES, {
      projection: {
        newBlobsPerMonth: 30,
        averageSizeBytes: GiB,
        months: 2,
        schedule: { startTier: 'Cool', deleteAfterDays: 45 },
      },
    });
    expect(projection?.earlyDeletionMonthly).toBe(0);
    expect(projection?.withPolicyMonthly).toBeCloseTo(46 * 0.01 + 0.0003, 10);
    expect(projection?.saving).toBeCloseTo(1.08015 - 0.4603, 10);
  });

  it('shows a 7-day backup written Cool costs more than one kept Hot', () => {
    const flow = (startTier: 'Hot' | 'Cool') =>
      estimateStateCost({ blobs: [] }, DEFAULT_PRICES, {
        projection: {
          newBlobsPerMonth: 30,
          averageSizeBytes: GiB,
          months: 1,
          schedule: { startTier, deleteAfterDays: 7 },
        },
      }).projection?.withPolicyMonthly ?? 0;
    // Cool: 8 days stored + the 23 of its 30 days it did not stay, billed anyway; Hot: 8 days.
    expect(flow('Cool')).toBeCloseTo(8 * 0.01 + 30 * (23 / 30) * 0.01 + 0.0003, 10);
    expect(flow('Hot')).toBeCloseTo(8 * 0.018 + 0.00015, 10);
    expect(flow('Cool')).toBeGreaterThan(flow('Hot'));
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
    // Ages 0-7 Hot (8), 8-20 Cool (13), 21-29 gone; 17 of Cool's 30 days billed early.
    expect(projection?.earlyDeletionMonthly).toBeCloseTo(30 * (17 / 30) * 0.01, 10);
    expect(projection?.withPolicyMonthly).toBeCloseTo(0.274 + 0.17 + (30 * (0.05 + 0.1)) / 10_000, 10);
    expect(projection?.withoutPolicyMonthly).toBeCloseTo(0.54 + (30 * 0.05) / 10_000, 10);
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
      { operations: { write: -5, read: 0, list: 0, other: 0 } },
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
