import { ConfigurationError } from '@terrarium/core';
import {
  DEFAULT_PRICES,
  OPERATION_CLASSES,
  STORAGE_TIERS,
  type StoragePrices,
  type StorageTier,
  TIER_MINIMUM_DAYS,
} from './cost-prices.js';

export type CostBlobKind = 'state' | 'snapshot' | 'version' | 'backup' | 'record';

export interface CostBlob {
  kind: CostBlobKind;
  sizeBytes: number;
  tier: StorageTier;
}

/** What the account holds now: states, their snapshots and versions, backups, records. */
export interface CostInventory {
  blobs: CostBlob[];
  /** Environments with a record, by kind (from the records' tags). */
  environments?: { ephemeral: number; longLived: number };
}

/** Operation counts per month, by billing class. */
export interface MonthlyOperations {
  write: number;
  read: number;
  list: number;
  other: number;
}

/** When a blob changes tier or goes, by age in days ("greater than", as the lifecycle policy counts). */
export interface TierSchedule {
  /** Tier a blob is written in. */
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
  /** GB read a month from blobs in operationsTier (terraform reads every state it plans): billed as retrieval. */
  readGbPerMonth?: number;
  projection?: RetentionProjection;
}

export interface ProjectionCost {
  months: number;
  storedGbWithPolicy: number;
  storedGbWithoutPolicy: number;
  /** Storage, early deletion, and the writes and tier changes, a month, with the schedule. */
  withPolicyMonthly: number;
  /** Of which: the minimum days of a tier a blob leaves early, billed anyway. */
  earlyDeletionMonthly: number;
  /** Of which: writing each blob and each tier change (Set Blob Tier is a write at the new tier's price). */
  operationsMonthly: number;
  /** The same flow written Hot and never deleted. */
  withoutPolicyMonthly: number;
  saving: number;
}

export interface CostEstimate {
  currency: string;
  storage: Record<StorageTier, { gb: number; monthly: number }>;
  storageMonthly: number;
  operations: MonthlyOperations & { monthly: number };
  /** Data retrieval of the GB read from a cool tier. */
  retrievalMonthly: number;
  /** Storage, operations and retrieval, per month. */
  monthly: number;
  /** The same blobs and operations if everything were Hot. */
  allHotMonthly: number;
  tieringSaving: number;
  /** Month `months` of a flow of blobs kept Hot forever vs tiered and deleted by the policy. */
  projection?: ProjectionCost;
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

/** The tiers a blob passes through, each with the day it enters and the day it leaves (undefined: never). */
function segments(schedule: TierSchedule): { tier: StorageTier; from: number; to: number | undefined }[] {
  const steps: { tier: StorageTier; at: number }[] = [{ tier: schedule.startTier, at: 0 }];
  if (schedule.coolAfterDays !== undefined && schedule.startTier === 'Hot')
    steps.push({ tier: 'Cool', at: schedule.coolAfterDays });
  if (schedule.coldAfterDays !== undefined) steps.push({ tier: 'Cold', at: schedule.coldAfterDays });
  return steps.map((step, i) => ({
    tier: step.tier,
    from: step.at,
    to: steps[i + 1]?.at ?? schedule.deleteAfterDays,
  }));
}

function checkCount(value: number, label: string): void {
  if (!Number.isFinite(value) || value < 0)
    throw new ConfigurationError(`${label} must be a number of 0 or more (got ${value})`);
}

const perOp = (prices: StoragePrices, tier: StorageTier, kind: keyof MonthlyOperations) =>
  prices.operationsPer10k[tier][kind] / 10_000;

/**
 * Day by day: a blob written d days before the end of the horizon is d days old. Each blob also
 * pays its write, a write at the new tier's price for each tier change, and the rest of a tier's
 * minimum days when it leaves that tier sooner (prorated, as Azure bills early deletion).
 */
function project(projection: RetentionProjection, prices: StoragePrices): ProjectionCost {
  const { newBlobsPerMonth, averageSizeBytes, months, schedule } = projection;
  checkCount(newBlobsPerMonth, 'projection.newBlobsPerMonth');
  checkCount(averageSizeBytes, 'projection.averageSizeBytes');
  if (!Number.isInteger(months) || months < 1)
    throw new ConfigurationError(`projection.months must be a whole number of 1 or more`);
  const perDay = newBlobsPerMonth / DAYS_PER_MONTH;
  const gbEach = averageSizeBytes / GB;
  const days = months * DAYS_PER_MONTH;
  let storage = 0;
  let storedWith = 0;
  for (let age = 0; age < days; age++) {
    const tier = tierAt(age, schedule);
    if (!tier) continue;
    storedWith += perDay * gbEach;
    storage += perDay * gbEach * prices.storagePerGbMonth[tier];
  }
  let earlyEach = 0;
  let operationsEach = 0;
  for (const segment of segments(schedule)) {
    // The blob's own write, then each tier change (a write at the new tier's price).
    operationsEach += perOp(prices, segment.tier, 'write');
    if (segment.to === undefined) continue;
    const short = TIER_MINIMUM_DAYS[segment.tier] - (segment.to - segment.from);
    if (short > 0) earlyEach += (short / DAYS_PER_MONTH) * prices.storagePerGbMonth[segment.tier] * gbEach;
  }
  const earlyDeletionMonthly = earlyEach * newBlobsPerMonth;
  const operationsMonthly = operationsEach * newBlobsPerMonth;
  const withPolicy = storage + earlyDeletionMonthly + operationsMonthly;
  const storedWithout = days * perDay * gbEach;
  const withoutPolicy =
    storedWithout * prices.storagePerGbMonth.Hot + perOp(prices, 'Hot', 'write') * newBlobsPerMonth;
  return {
    months,
    storedGbWithPolicy: storedWith,
    storedGbWithoutPolicy: storedWithout,
    withPolicyMonthly: withPolicy,
    earlyDeletionMonthly,
    operationsMonthly,
    withoutPolicyMonthly: withoutPolicy,
    saving: withoutPolicy - withPolicy,
  };
}

/**
 * Monthly cost of the state store: storage by tier, operations by class, and retrieval of what
 * is read from a cool tier; what the same would cost all in Hot; and optionally what the
 * lifecycle policy saves on a steady flow of backups or versions, with early deletion and tier
 * changes counted. Prices are list prices; see cost-prices.ts.
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

  const counts = options.operations ?? { write: 0, read: 0, list: 0, other: 0 };
  for (const kind of OPERATION_CLASSES) checkCount(counts[kind], `operations.${kind}`);
  const opsCost = (tier: StorageTier) => {
    const cost = Object.fromEntries(
      OPERATION_CLASSES.map((kind) => [kind, counts[kind] * perOp(prices, tier, kind)]),
    ) as unknown as MonthlyOperations;
    return { ...cost, monthly: OPERATION_CLASSES.reduce((sum, kind) => sum + cost[kind], 0) };
  };
  const operationsTier = options.operationsTier ?? 'Hot';
  const operations = opsCost(operationsTier);
  const readGb = options.readGbPerMonth ?? 0;
  checkCount(readGb, 'readGbPerMonth');
  const retrievalMonthly = readGb * prices.retrievalPerGb[operationsTier];
  const monthly = storageMonthly + operations.monthly + retrievalMonthly;
  const allHotMonthly = totalGb * prices.storagePerGbMonth.Hot + opsCost('Hot').monthly;

  const estimate: CostEstimate = {
    currency: prices.currency,
    storage,
    storageMonthly,
    operations,
    retrievalMonthly,
    monthly,
    allHotMonthly,
    tieringSaving: allHotMonthly - monthly,
    prices: { region: prices.region, asOf: prices.asOf, source: prices.source },
  };
  if (options.projection) estimate.projection = project(options.projection, prices);
  return estimate;
}
