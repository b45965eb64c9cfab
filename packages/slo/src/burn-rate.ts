import { formatDuration } from './duration.js';
import type { BurnRateResult } from './report-types.js';

/**
 * The multi-window, multi-burn-rate pairs of Google's SRE workbook (chapter "Alerting on SLOs"):
 * alert when both the long and the short window burn faster than the factor. The factors spend
 * 2%, 5%, 10% and 10% of a 30-day budget in the long window.
 */
export const BURN_RATE_WINDOWS = [
  { longSeconds: 3600, shortSeconds: 300, factor: 14.4, severity: 'page' },
  { longSeconds: 21_600, shortSeconds: 1800, factor: 6, severity: 'page' },
  { longSeconds: 86_400, shortSeconds: 7200, factor: 3, severity: 'ticket' },
  { longSeconds: 259_200, shortSeconds: 21_600, factor: 1, severity: 'ticket' },
] as const;

export type BurnRateWindow = (typeof BURN_RATE_WINDOWS)[number];

const BUCKET_MS = 60_000;

/** Good and bad counts per minute: enough for every window above, bounded by the data's span. */
export class MinuteSeries {
  private readonly buckets = new Map<number, { total: number; bad: number }>();
  first = Number.POSITIVE_INFINITY;
  last = Number.NEGATIVE_INFINITY;

  add(timestamp: number, bad: boolean): void {
    const key = Math.floor(timestamp / BUCKET_MS);
    const bucket = this.buckets.get(key) ?? { total: 0, bad: 0 };
    bucket.total += 1;
    if (bad) bucket.bad += 1;
    this.buckets.set(key, bucket);
    if (timestamp < this.first) this.first = timestamp;
    if (timestamp > this.last) this.last = timestamp;
  }

  get size(): number {
    return this.buckets.size;
  }

  /** Error ratio over the `seconds` up to and including the minute of `end`. */
  ratio(end: number, seconds: number): number | undefined {
    const endKey = Math.floor(end / BUCKET_MS);
    const startKey = endKey - seconds / 60 + 1;
    let total = 0;
    let bad = 0;
    for (const [key, bucket] of this.buckets) {
      if (key >= startKey && key <= endKey) {
        total += bucket.total;
        bad += bucket.bad;
      }
    }
    return total === 0 ? undefined : bad / total;
  }
}

/** Burn rates at the end of the data for every window pair, and whether each alert would fire. */
export function burnRates(
  service: string,
  objective: string,
  target: number,
  series: MinuteSeries,
  end: number,
): BurnRateResult[] {
  const budget = 1 - target;
  return BURN_RATE_WINDOWS.map((window) => {
    const longRatio = series.ratio(end, window.longSeconds);
    const shortRatio = series.ratio(end, window.shortSeconds);
    const longBurnRate = longRatio === undefined ? undefined : longRatio / budget;
    const shortBurnRate = shortRatio === undefined ? undefined : shortRatio / budget;
    return {
      service,
      objective,
      longWindow: formatDuration(window.longSeconds),
      shortWindow: formatDuration(window.shortSeconds),
      factor: window.factor,
      severity: window.severity,
      longBurnRate,
      shortBurnRate,
      firing:
        longBurnRate !== undefined &&
        shortBurnRate !== undefined &&
        longBurnRate >= window.factor &&
        shortBurnRate >= window.factor,
      partialWindow: end - series.first < window.longSeconds * 1000 - BUCKET_MS,
    };
  });
}
