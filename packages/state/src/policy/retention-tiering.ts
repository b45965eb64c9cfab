import { type StorageTier, TIER_MINIMUM_DAYS } from '../cost/cost-prices.js';

/** When a blob kept for a known time changes tier, in days after it was written ("greater than", as the policy counts). */
export interface RetentionTiering {
  /** Tier it is written in. */
  writeTier: Extract<StorageTier, 'Hot' | 'Cool'>;
  coolAfterDays: number | undefined;
  coldAfterDays: number | undefined;
}

/**
 * Tiers a blob by how long it is kept, so tiering never costs more than it saves: a cooler tier
 * bills its minimum (Cool 30 days, Cold 90, Archive 180) even when the blob goes sooner, so a
 * blob enters a tier only when it stays there at least that long. Cool from day `coolAfter`
 * (0: written Cool) when it then lives 30 more days; Cold from `coldAfter` when it then lives 90
 * more and has served Cool's 30 (if it was Cool); Archive never: a restore must not wait hours.
 */
export function retentionTiering(
  keptDays: number,
  coolAfter: number | undefined,
  coldAfter: number | undefined,
): RetentionTiering {
  const cool =
    coolAfter !== undefined && keptDays - coolAfter >= TIER_MINIMUM_DAYS.Cool ? coolAfter : undefined;
  const coolServed = cool === undefined || (coldAfter ?? 0) - cool >= TIER_MINIMUM_DAYS.Cool;
  const cold =
    coldAfter !== undefined && coldAfter > 0 && coolServed && keptDays - coldAfter >= TIER_MINIMUM_DAYS.Cold
      ? coldAfter
      : undefined;
  return {
    writeTier: cool === 0 ? 'Cool' : 'Hot',
    coolAfterDays: cool !== undefined && cool > 0 ? cool : undefined,
    coldAfterDays: cold,
  };
}

/** Backups are written once and read only to restore: Cool from the start when kept long enough for it. */
export function backupTiering(retentionDays: number, coldAfterDays: number): RetentionTiering {
  return retentionTiering(retentionDays, 0, coldAfterDays);
}
