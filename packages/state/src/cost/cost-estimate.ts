import { ConfigurationError } from '@terrarium/core';
import { DEFAULT_PRICES, STORAGE_TIERS, type StoragePrices, type StorageTier } from './cost-prices.js';

export type CostBlobKind = 'state' | 'snapshot' | 'version' | 'backup' | 'record';

export interface CostBlob {
  kind: CostBlobKind;
  sizeBytes: number;
  tier: StorageTier;
}

/** What the account holds now: states, their snapshots and versions, backups, records. */
export interface CostInventory {
  blobs: CostBlob[];
}

/** Operation counts per month. */
export interface MonthlyOperations {
  write: number;
  read: number;
  list: number;
}

/** When a blob changes tier or goes, by age in days ("greater than", as the lifecycle policy counts). */
export interface TierSchedule {
  /** Tier a blob is written in; backups are written Cool. */
  startTier: StorageTier;
  coolAfterDays?: number | undefined;
  coldAfterDays?: number | undefined;
  deleteAfterDays?: number | undefined;
}

/** A steady flow of new blobs (backups, previous versions) followed for some months. */
export interface RetentionProjection {
  newBlobsPerMonth: number;
  averageSizeBytes: number;
  months: number;
  schedule: TierSchedule;
}

export interface EstimateOptions {
  operations?: MonthlyOperations;
  /** Tier the operations hit (the states' tier); Hot by default. */
  operationsTier?: StorageTier;
  projection?: RetentionProjection;
}

export interface CostEstimate {
  currency: string;
  storage: Record<StorageTier, { gb: number; monthly: number }>;
  storageMonthly: number;
  operations: { write: number; read: number; list: number; monthly: number };
  /** Storage plus operations, per month. */
  monthly: number;
  /** The same blobs and operations if everything were Hot. */
  allHotMonthly: number;
  tieringSaving: number;
  /** Month `months` of a flow of blobs kept Hot forever vs tiered and deleted by the policy. */
  projection?: {
    months: number;
    storedGbWithPolicy: number;
    storedGbWithoutPolicy: number;
    withPolicyMonthly: number;
    withoutPolicyMonthly: number;
    saving: number;
  };
  prices: { region: string; asOf: string; source: string };
}

const GB = 1024 ** 3;
const DAYS_PER_MONTH = 30;

function tierAt(age: number, schedule: TierSchedule): StorageTier | undefined {
  if (schedule.deleteAfterDays !== undefined && age > schedule.deleteAfterDays) return undefined;
  if (schedule.coldAfterDays !== undefined && age > schedule.coldAfterDays) return 'Cold';
  if (schedule.coolAfterDays !== undefined && age > schedule.coolAfterDays && schedule.startTier === 'Hot')
    return 'Cool';
  return schedule.startTier;
}

function checkCount(value: number, label: string): void {
  if (!Number.isFinite(value) || value < 0)
    throw new ConfigurationError(`${label} must be a number of 0 or more (got ${value})`);
}

/** Day by day: a blob written d days before the end of the horizon is d days old. */
function project(
  projection: RetentionProjection,
  prices: StoragePrices,
): NonNullable<CostEstimate['projection']> {
  const { newBlobsPerMonth, averageSizeBytes, months, schedule } = projection;
  checkCount(newBlobsPerMonth, 'projection.newBlobsPerMonth');
  checkCount(averageSizeBytes, 'projection.averageSizeBytes');
  if (!Number.isInteger(months) || months < 1)
    throw new ConfigurationError(`projection.months must be a whole number of 1 or more`);
  const perDay = newBlobsPerMonth / DAYS_PER_MONTH;
  const gbEach = averageSizeBytes / GB;
  const days = months * DAYS_PER_MONTH;
  let withPolicy = 0;
  let storedWith = 0;
  for (let age = 0; age < days; age++) {
    const tier = tierAt(age, schedule);
    if (!tier) continue;
    storedWith += perDay * gbEach;
    withPolicy += perDay * gbEach * prices.storagePerGbMonth[tier];
  }
  const storedWithout = days * perDay * gbEach;
  const withoutPolicy = storedWithout * prices.storagePerGbMonth.Hot;
  return {
    months,
    storedGbWithPolicy: storedWith,
    storedGbWithoutPolicy: storedWithout,
    withPolicyMonthly: withPolicy,
    withoutPolicyMonthly: withoutPolicy,
    saving: withoutPolicy - withPolicy,
  };
}

/**
 * Monthly cost of the state store: storage by tier plus operations, what the same would cost
 * all in Hot, and optionally what the lifecycle policy saves on a steady flow of backups or
 * versions (kept Hot forever vs tiered then deleted). Prices are list prices; see cost-prices.ts.
 */
export function estimateStateCost(
  inventory: CostInventory,
  prices: StoragePrices = DEFAULT_PRICES,
  options: EstimateOptions = {},
): CostEstimate {
  const storage = Object.fromEntries(
    STORAGE_TIERS.map((tier) => [tier, { gb: 0, monthly: 0 }]),
  ) as CostEstimate['storage'];
  let totalGb = 0;
  for (const [i, blob] of inventory.blobs.entries()) {
    checkCount(blob.sizeBytes, `blobs[${i}].sizeBytes`);
    const slot = storage[blob.tier];
    if (!slot)
      throw new ConfigurationError(
        `blobs[${i}].tier "${String(blob.tier)}" is not one of ${STORAGE_TIERS.join(', ')}`,
      );
    const gb = blob.sizeBytes / GB;
    slot.gb += gb;
    slot.monthly += gb * prices.storagePerGbMonth[blob.tier];
    totalGb += gb;
  }
  const storageMonthly = STORAGE_TIERS.reduce((sum, tier) => sum + storage[tier].monthly, 0);

  const counts = options.operations ?? { write: 0, read: 0, list: 0 };
  for (const kind of ['write', 'read', 'list'] as const) checkCount(counts[kind], `operations.${kind}`);
  const opsCost = (tier: StorageTier) => {
    const per = prices.operationsPer10k[tier];
    const write = (counts.write / 10_000) * per.write;
    const read = (counts.read / 10_000) * per.read;
    const list = (counts.list / 10_000) * per.list;
    return { write, read, list, monthly: write + read + list };
  };
  const operations = opsCost(options.operationsTier ?? 'Hot');
  const monthly = storageMonthly + operations.monthly;
  const allHotMonthly = totalGb * prices.storagePerGbMonth.Hot + opsCost('Hot').monthly;

  const estimate: CostEstimate = {
    currency: prices.currency,
    storage,
    storageMonthly,
    operations,
    monthly,
    allHotMonthly,
    tieringSaving: allHotMonthly - monthly,
    prices: { region: prices.region, asOf: prices.asOf, source: prices.source },
  };
  if (options.projection) estimate.projection = project(options.projection, prices);
  return estimate;
}
