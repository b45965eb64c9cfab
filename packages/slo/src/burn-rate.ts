import { formatDuration } from './duration.js';
import type { BurnRateResult } from './report-types.js';
import type { SloSpec } from './spec-types.js';

/**
 * The multi-window, multi-burn-rate pairs of Google's SRE workbook (chapter "Alerting on SLOs"):
 * alert when both the long and the short window burn the error budget faster than a factor. The
 * workbook derives each factor from the share of the budget a pair may spend in its long window:
 * factor = budgetFraction * timeWindow / longWindow. Its 14.4 / 6 / 3 / 1 are that for 30 days
 * (2% in 1h, 5% in 6h, 10% in 1d, 10% in 3d); burnRateWindows scales them to the SLO's own window.
 */
export const BURN_RATE_WINDOWS = [
  { longSeconds: 3600, shortSeconds: 300, budgetFraction: 0.02, severity: 'page' },
  { longSeconds: 21_600, shortSeconds: 1800, budgetFraction: 0.05, severity: 'page' },
  { longSeconds: 86_400, shortSeconds: 7200, budgetFraction: 0.1, severity: 'ticket' },
  { longSeconds: 259_200, shortSeconds: 21_600, budgetFraction: 0.1, severity: 'ticket' },
] as const;

export interface BurnRateWindow {
  longSeconds: number;
  shortSeconds: number;
  budgetFraction: number;
  severity: 'page' | 'ticket';
  /** Burn rate at which the pair alerts: budgetFraction * timeWindow / longWindow. */
  factor: number;
}

/**
 * The pairs for an SLO window, with their factors. A pair whose long window is longer than the SLO
 * window would measure across budgets that have already been renewed, so it is left out (a 1h
 * window keeps only the 1h/5m pair).
 */
export function burnRateWindows(timeWindowSeconds: number): BurnRateWindow[] {
  return BURN_RATE_WINDOWS.filter((w) => w.longSeconds <= timeWindowSeconds).map((w) => ({
    ...w,
    factor: Number(((w.budgetFraction * timeWindowSeconds) / w.longSeconds).toPrecision(6)),
  }));
}

/**
 * The error ratio at which a pair alerts: factor * (1 - target). The report and the alert rules
 * compare with `>=` against this same number.
 */
export function alertThreshold(factor: number, target: number): number {
  return Number((factor * (1 - target)).toPrecision(9));
}

/** An error ratio cannot pass 1 (every request failed): a threshold above it can never be reached. */
export function canFire(threshold: number): boolean {
  return threshold <= 1;
}

/** The warning for a pair that can never fire, or undefined when it can. */
export function neverFiresWarning(where: string, window: BurnRateWindow, target: number): string | undefined {
  const threshold = alertThreshold(window.factor, target);
  if (canFire(threshold)) return undefined;
  return `${where}: the ${formatDuration(window.longSeconds)}/${formatDuration(window.shortSeconds)} pair would alert at an error ratio of ${window.factor} x (1 - ${target}) = ${threshold}, above 1, so it can never fire; raise the target or lengthen timeWindow (the longer pairs still alert)`;
}

const BUCKET_MS = 60_000;

interface Bucket {
  total: number;
  bad: number;
}

/** Good and bad counts (weighted) per minute: enough for every window above, bounded by the data's span. */
export class MinuteSeries {
  private readonly buckets = new Map<number, Bucket>();
  // Timestamps mostly arrive in order: the last minute's bucket saves a map lookup per request.
  private lastKey = Number.NaN;
  private lastBucket: Bucket | undefined;
  first = Number.POSITIVE_INFINITY;
  last = Number.NEGATIVE_INFINITY;

  add(timestamp: number, bad: boolean, weight = 1): void {
    const key = Math.floor(timestamp / BUCKET_MS);
    let bucket = key === this.lastKey ? this.lastBucket : this.buckets.get(key);
    if (!bucket) {
      bucket = { total: 0, bad: 0 };
      this.buckets.set(key, bucket);
    }
    this.lastKey = key;
    this.lastBucket = bucket;
    bucket.total += weight;
    if (bad) bucket.bad += weight;
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
  windows: BurnRateWindow[],
): BurnRateResult[] {
  const budget = 1 - target;
  return windows.map((window) => {
    const longRatio = series.ratio(end, window.longSeconds);
    const shortRatio = series.ratio(end, window.shortSeconds);
    const threshold = alertThreshold(window.factor, target);
    return {
      service,
      objective,
      longWindow: formatDuration(window.longSeconds),
      shortWindow: formatDuration(window.shortSeconds),
      factor: window.factor,
      threshold,
      canFire: canFire(threshold),
      severity: window.severity,
      longBurnRate: longRatio === undefined ? undefined : longRatio / budget,
      shortBurnRate: shortRatio === undefined ? undefined : shortRatio / budget,
      // The same comparison as the alert rule's `long_ratio >= threshold and short_ratio >= threshold`.
      firing:
        longRatio !== undefined &&
        shortRatio !== undefined &&
        longRatio >= threshold &&
        shortRatio >= threshold,
      partialWindow: end - series.first < window.longSeconds * 1000 - BUCKET_MS,
    };
  });
}

/** Every window pair of every objective that can never fire, for the report and `slo alerts`. */
export function neverFiringPairs(spec: SloSpec): string[] {
  const windows = burnRateWindows(spec.timeWindowSeconds);
  return spec.services.flatMap((service) =>
    service.objectives.flatMap((objective) =>
      windows.flatMap(
        (window) => neverFiresWarning(`${service.name}/${objective.name}`, window, objective.target) ?? [],
      ),
    ),
  );
}
