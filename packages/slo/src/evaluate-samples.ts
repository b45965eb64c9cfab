import type { ObjectiveAccumulator, ServiceAccumulator } from './accumulate-samples.js';
import { type BurnRateWindow, burnRates } from './burn-rate.js';
import type { Histogram } from './histogram.js';
import { describeObjective, errorBudget, unitOf } from './objective-text.js';
import type { BurnRateResult, LatencySummary, ObjectiveResult, ServiceStats } from './report-types.js';

export function summarise(histogram: Histogram): LatencySummary {
  const empty = histogram.count === 0;
  return {
    p50: histogram.percentile(50),
    p90: histogram.percentile(90),
    p95: histogram.percentile(95),
    p99: histogram.percentile(99),
    min: empty ? undefined : histogram.min,
    max: empty ? undefined : histogram.max,
    mean: histogram.mean,
  };
}

export function serviceStatsFromSamples(service: ServiceAccumulator): ServiceStats {
  const timed = Number.isFinite(service.first) && service.last > service.first;
  return {
    service: service.spec.name,
    requests: service.requests,
    failures: service.failures,
    errorRate: service.requests === 0 ? undefined : service.failures / service.requests,
    throughputRps: timed ? service.requests / ((service.last - service.first) / 1000) : undefined,
    latencyMs: summarise(service.latency),
    ttftMs: service.ttft.count > 0 ? summarise(service.ttft) : undefined,
    tokensPerSecond: service.tokensPerSecond.count > 0 ? summarise(service.tokensPerSecond) : undefined,
    exact: service.latency.isExact,
    start: Number.isFinite(service.first) ? new Date(service.first).toISOString() : undefined,
    end: Number.isFinite(service.last) ? new Date(service.last).toISOString() : undefined,
  };
}

export function objectiveFromSamples(service: string, accumulator: ObjectiveAccumulator): ObjectiveResult {
  const { spec, total, bad } = accumulator;
  let actual: number | undefined;
  if (total > 0) {
    if (spec.indicator === 'availability') actual = ((total - bad) / total) * 100;
    else if (spec.indicator === 'error-rate') actual = (bad / total) * 100;
    else actual = accumulator.values.percentile(spec.percentile ?? 50);
  }
  const budget = errorBudget(spec.target, total, bad);
  return {
    service,
    objective: spec.name,
    displayName: spec.displayName,
    indicator: spec.indicator,
    description: describeObjective(spec),
    target: spec.target,
    actual,
    unit: unitOf(spec),
    // The budget decides, so met/breached agrees with the budget even where the histogram rounds.
    status: budget === undefined ? 'no-data' : budget.consumed <= budget.allowed + 1e-9 ? 'met' : 'breached',
    total,
    bad,
    budget,
    note: total === 0 ? noDataNote(spec.indicator, spec.endpoint) : undefined,
  };
}

function noDataNote(indicator: string, endpoint: string | undefined): string {
  if (indicator === 'ttft') return 'no request carried ttftMs';
  if (indicator === 'tokens-per-second') return 'no request carried tokens';
  return endpoint ? `no request matched "${endpoint}"` : 'no request matched this service';
}

export function burnRatesFromSamples(
  service: ServiceAccumulator,
  windows: BurnRateWindow[],
): BurnRateResult[] {
  return service.objectives.flatMap((objective) =>
    objective.series.size === 0
      ? []
      : burnRates(
          service.spec.name,
          objective.spec.name,
          objective.spec.target,
          objective.series,
          objective.series.last,
          windows,
        ),
  );
}
