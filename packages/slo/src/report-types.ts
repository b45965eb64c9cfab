import type { IndicatorKind } from './spec-types.js';

export type ObjectiveStatus = 'met' | 'breached' | 'no-data';

export interface LatencySummary {
  p50: number | undefined;
  p90: number | undefined;
  p95: number | undefined;
  p99: number | undefined;
  min: number | undefined;
  max: number | undefined;
  mean: number | undefined;
}

export interface ServiceStats {
  service: string;
  requests: number;
  failures: number;
  /** Fraction of requests that failed. */
  errorRate: number | undefined;
  /** Requests per second over the span of the data. */
  throughputRps: number | undefined;
  latencyMs: LatencySummary;
  ttftMs: LatencySummary | undefined;
  tokensPerSecond: LatencySummary | undefined;
  /** False when percentiles come from the histogram (within +-1%). */
  exact: boolean;
  start: string | undefined;
  end: string | undefined;
}

export interface ErrorBudget {
  /** Bad requests the window allows: (1 - target) * total. */
  allowed: number;
  /** Bad requests seen. */
  consumed: number;
  consumedFraction: number;
  /** 1 - consumedFraction; negative once the budget is overspent. */
  remainingFraction: number;
}

export interface ObjectiveResult {
  service: string;
  objective: string;
  displayName: string | undefined;
  indicator: IndicatorKind;
  /** `p95 latency <= 1200 ms`, `availability >= 99.5%`. */
  description: string;
  /** Fraction of requests that must be good. */
  target: number;
  /** The measured value in `unit`: the percentile, or a percentage for availability and error rate. */
  actual: number | undefined;
  unit: 'ms' | '%' | 'tokens/s';
  status: ObjectiveStatus;
  /** Requests judged (weighted by App Insights' ItemCount). */
  total: number;
  bad: number | undefined;
  budget: ErrorBudget | undefined;
  /** Why there is no data or no budget, when so. */
  note: string | undefined;
}

export interface BurnRateResult {
  service: string;
  objective: string;
  longWindow: string;
  shortWindow: string;
  /** Burn rate at which this pair alerts: 14.4 for 1h/5m over 30 days, scaled to the SLO's window. */
  factor: number;
  /** Error ratio at which it alerts: factor * (1 - target); the alert rule uses the same number. */
  threshold: number;
  /** False when the threshold is above 1: no error ratio can reach it. */
  canFire: boolean;
  severity: 'page' | 'ticket';
  longBurnRate: number | undefined;
  shortBurnRate: number | undefined;
  firing: boolean;
  /** The data covers less time than the long window. */
  partialWindow: boolean;
}

export interface Regression {
  service: string;
  metric: string;
  baseline: number;
  current: number;
  /** Relative change in percent, positive when worse; undefined when the baseline was zero. */
  changePercent: number | undefined;
  regressed: boolean;
}

export interface SloReport {
  version: 1;
  name: string;
  file: string;
  generatedAt: string;
  timeWindow: string;
  source: { format: string; origin: string };
  status: 'met' | 'breached';
  /** Remaining budget of the worst objective (fraction). */
  budgetRemaining: number | undefined;
  /** `service/objective` of the objective with the least budget left (or the first breached). */
  worstObjective: string | undefined;
  services: ServiceStats[];
  objectives: ObjectiveResult[];
  burnRates: BurnRateResult[];
  regressionThresholdPercent: number;
  baseline: string | undefined;
  regressions: Regression[];
  /** What the reader should know about the SLO file itself: alert pairs that can never fire. */
  warnings: string[];
}
