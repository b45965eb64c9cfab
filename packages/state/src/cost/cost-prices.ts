import { readFile } from 'node:fs/promises';
import { ConfigurationError } from '@terrarium/core';

export type StorageTier = 'Hot' | 'Cool' | 'Cold' | 'Archive';
export const STORAGE_TIERS: readonly StorageTier[] = ['Hot', 'Cool', 'Cold', 'Archive'];

/**
 * Days a blob is billed in a tier at least: deleted, overwritten or moved out earlier, it pays the
 * rest, prorated by day (Microsoft Learn, "Access tiers for blob data": Cool 30, Cold 90, Archive 180).
 */
export const TIER_MINIMUM_DAYS: Readonly<Record<StorageTier, number>> = {
  Hot: 0,
  Cool: 30,
  Cold: 90,
  Archive: 180,
};

/**
 * Prices per 10,000 operations, by the classes of Microsoft's "Map each REST operation to a price":
 * writes (Put Blob, Put Block List, Copy Blob, Set Blob Tier to a cooler tier), reads (Get Blob),
 * lists (List Blobs, Find Blobs by Tags, Create Container) and everything else but deletes
 * (Get Blob Properties, Set Blob Metadata and Tags, leases, snapshots), which are free.
 */
export interface OperationPrices {
  write: number;
  read: number;
  list: number;
  other: number;
}
export const OPERATION_CLASSES = ['write', 'read', 'list', 'other'] as const;
export type OperationClass = (typeof OPERATION_CLASSES)[number];

export interface StoragePrices {
  currency: string;
  region: string;
  redundancy: string;
  /** When and where the figures were taken. */
  asOf: string;
  source: string;
  note: string;
  /** Per GB (2^30 bytes) stored for a month. */
  storagePerGbMonth: Record<StorageTier, number>;
  operationsPer10k: Record<StorageTier, OperationPrices>;
  /** Per GB read from the tier (data retrieval), on top of the read operations. */
  retrievalPerGb: Record<StorageTier, number>;
}

/**
 * Block blob pay-as-you-go list prices, LRS, East US, first 50 TB, from the public Azure Blob
 * Storage pricing page (https://azure.microsoft.com/pricing/details/storage/blobs/) as read in
 * mid-2025, not re-read on this offline machine. Where sources disagree, the pricing page wins:
 * Hot storage is $0.018/GB there (older tables and other regions say $0.0184 to $0.0208), Cool
 * $0.01/GB (Microsoft's own cost-estimation articles use a sample $0.0152). Retrieval and the
 * "other operations" class are from the same page. Prices change and differ by region and
 * agreement: override any of them with a JSON file (loadPrices), e.g. from the Azure Retail Prices
 * API (https://prices.azure.com/api/retail/prices?$filter=serviceName eq 'Storage').
 */
export const DEFAULT_PRICES: StoragePrices = {
  currency: 'USD',
  region: 'eastus',
  redundancy: 'LRS',
  asOf: '2025-06',
  source: 'https://azure.microsoft.com/pricing/details/storage/blobs/',
  note: 'List prices change and vary by region and agreement; override with a JSON price file for real figures.',
  storagePerGbMonth: { Hot: 0.018, Cool: 0.01, Cold: 0.0036, Archive: 0.00099 },
  operationsPer10k: {
    Hot: { write: 0.05, read: 0.004, list: 0.05, other: 0.004 },
    Cool: { write: 0.1, read: 0.01, list: 0.05, other: 0.004 },
    Cold: { write: 0.18, read: 0.1, list: 0.05, other: 0.0052 },
    Archive: { write: 0.1, read: 5, list: 0.05, other: 0.004 },
  },
  retrievalPerGb: { Hot: 0, Cool: 0.01, Cold: 0.03, Archive: 0.02 },
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function price(value: unknown, at: string, source: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new ConfigurationError(
      `${source}: ${at} must be a price of 0 or more (got ${JSON.stringify(value)})`,
    );
  return value;
}

function text(value: unknown, fallback: string, at: string, source: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string') throw new ConfigurationError(`${source}: ${at} must be a string`);
  return value;
}

/** Lays a partial price table (any subset of the fields) over `base`; `source` names it in messages. */
export function mergePrices(base: StoragePrices, overrides: unknown, source: string): StoragePrices {
  if (!isObject(overrides)) throw new ConfigurationError(`${source}: expected a JSON object of prices`);
  const known = new Set([
    'currency',
    'region',
    'redundancy',
    'asOf',
    'source',
    'note',
    'storagePerGbMonth',
    'operationsPer10k',
    'retrievalPerGb',
  ]);
  for (const key of Object.keys(overrides))
    if (!known.has(key))
      throw new ConfigurationError(`${source}: unknown field "${key}" (use ${[...known].join(', ')})`);
  const result: StoragePrices = {
    currency: text(overrides.currency, base.currency, 'currency', source),
    region: text(overrides.region, base.region, 'region', source),
    redundancy: text(overrides.redundancy, base.redundancy, 'redundancy', source),
    asOf: text(overrides.asOf, base.asOf, 'asOf', source),
    source: text(overrides.source, source, 'source', source),
    note: text(overrides.note, base.note, 'note', source),
    storagePerGbMonth: { ...base.storagePerGbMonth },
    retrievalPerGb: { ...base.retrievalPerGb },
    operationsPer10k: Object.fromEntries(
      STORAGE_TIERS.map((tier) => [tier, { ...base.operationsPer10k[tier] }]),
    ) as StoragePrices['operationsPer10k'],
  };
  const tierOf = (key: string, at: string): StorageTier => {
    const tier = STORAGE_TIERS.find((t) => t === key);
    if (!tier)
      throw new ConfigurationError(`${source}: ${at}.${key} is not a tier (use ${STORAGE_TIERS.join(', ')})`);
    return tier;
  };
  for (const field of ['storagePerGbMonth', 'retrievalPerGb'] as const) {
    const given = overrides[field];
    if (given === undefined) continue;
    if (!isObject(given)) throw new ConfigurationError(`${source}: ${field} must be an object`);
    for (const [key, value] of Object.entries(given))
      result[field][tierOf(key, field)] = price(value, `${field}.${key}`, source);
  }
  if (overrides.operationsPer10k !== undefined) {
    if (!isObject(overrides.operationsPer10k))
      throw new ConfigurationError(`${source}: operationsPer10k must be an object`);
    for (const [key, value] of Object.entries(overrides.operationsPer10k)) {
      const tier = tierOf(key, 'operationsPer10k');
      if (!isObject(value))
        throw new ConfigurationError(`${source}: operationsPer10k.${key} must be an object`);
      for (const [kind, amount] of Object.entries(value)) {
        const op = OPERATION_CLASSES.find((name) => name === kind);
        if (!op)
          throw new ConfigurationError(
            `${source}: operationsPer10k.${key}.${kind} is not an operation class (use ${OPERATION_CLASSES.join(', ')})`,
          );
        result.operationsPer10k[tier][op] = price(amount, `operationsPer10k.${key}.${kind}`, source);
      }
    }
  }
  return result;
}

/** Reads a JSON price file and lays it over the defaults. */
export async function loadPrices(file: string, base: StoragePrices = DEFAULT_PRICES): Promise<StoragePrices> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch {
    throw new ConfigurationError(`price file ${file} cannot be read: check the path`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    throw new ConfigurationError(`price file ${file} is not valid JSON`);
  }
  return mergePrices(base, parsed, file);
}
