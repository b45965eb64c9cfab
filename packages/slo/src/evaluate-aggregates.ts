import { describeObjective, errorBudget, unitOf } from './objective-text.js';
import type { LatencySummary, ObjectiveResult, ServiceStats } from './report-types.js';
import type { AggregateSample, Distribution, SliFormat } from './sli-types.js';
import type { FailureDefinition, ObjectiveSpec, ServiceSpec } from './spec-types.js';

/**
 * The aggregate a filter selects: the whole run without a filter, else the named sub-metrics
 * (k6 `http_req_duration{name:...}`) whose name contains the filter text.
 */
function select(aggregates: AggregateSample[], filter: string | undefined): AggregateSample | undefined {
  if (filter === undefined) {
    // The whole run: an unnamed aggregate, or the only one there is (autocannon loads one URL).
    return (
      aggregates.find((a) => a.name === undefined) ?? (aggregates.length === 1 ? aggregates[0] : undefined)
    );
  }
  const named = aggregates.filter((a) => a.name?.includes(filter));
  if (named.length <= 1) return named[0];
  // Percentiles cannot be merged; the worst of each is an upper bound, counts add up.
  const merge = (pick: (d: Distribution) => Record<string, number>) => {
    const out: Record<string, number> = {};
    for (const a of named) {
      for (const [p, v] of Object.entries(pick(a.latencyMs))) out[p] = Math.max(out[p] ?? 0, v);
    }
    return out;
  };
  // A sum is known only when every part is.
  const sum = (pick: (a: AggregateSample) => number | undefined) =>
    named.reduce<number | undefined>(
      (s, a) => (s === undefined || pick(a) === undefined ? undefined : s + (pick(a) ?? 0)),
      0,
    );
  return {
    name: filter,
    count: sum((a) => a.count),
    failures: sum((a) => a.failures),
    serverFailures: sum((a) => a.serverFailures),
    durationSeconds: named[0]?.durationSeconds,
    start: named[0]?.start,
    latencyMs: { min: undefined, max: undefined, mean: undefined, percentiles: merge((d) => d.percentiles) },
    ttftMs: undefined,
  };
}

function summary(d: Distribution): LatencySummary {
  return {
    p50: d.percentiles['50'],
    p90: d.percentiles['90'],
    p95: d.percentiles['95'],
    p99: d.percentiles['99'],
    min: d.min,
    max: d.max,
    mean: d.mean,
  };
}

export function serviceStatsFromAggregates(
  service: ServiceSpec,
  aggregates: AggregateSample[],
): ServiceStats {
  const a = select(aggregates, service.match);
  const empty: LatencySummary = {
    p50: undefined,
    p90: undefined,
    p95: undefined,
    p99: undefined,
    min: undefined,
    max: undefined,
    mean: undefined,
  };
  const count = a?.count;
  const failures = a ? failuresOf(a, service.failures) : undefined;
  return {
    service: service.name,
    requests: count ?? 0,
    failures: failures ?? 0,
    errorRate: count !== undefined && count > 0 && failures !== undefined ? failures / count : undefined,
    throughputRps: a?.durationSeconds && count !== undefined ? count / a.durationSeconds : undefined,
    latencyMs: a ? summary(a.latencyMs) : empty,
    ttftMs: a?.ttftMs ? summary(a.ttftMs) : undefined,
    tokensPerSecond: undefined,
    exact: true,
    start: a?.start !== undefined ? new Date(a.start).toISOString() : undefined,
    end:
      a?.start !== undefined && a.durationSeconds !== undefined
        ? new Date(a.start + a.durationSeconds * 1000).toISOString()
        : undefined,
  };
}

function missingPercentileNote(format: SliFormat, percentile: number): string {
  if (format === 'k6') {
    return `the k6 summary has no p(${percentile}); run k6 with --summary-trend-stats "avg,min,med,max,p(90),p(95),p(${percentile})"`;
  }
  return `the ${format} results have no p${percentile}`;
}

/** Failures by the SLO file's definition, where the tool's counts allow it. */
function failuresOf(a: AggregateSample, definition: FailureDefinition): number | undefined {
  return definition === 'server-errors' ? (a.serverFailures ?? a.failures) : a.failures;
}

export function objectiveFromAggregates(
  service: ServiceSpec,
  objective: ObjectiveSpec,
  aggregates: AggregateSample[],
  format: SliFormat,
): ObjectiveResult {
  const filter = objective.endpoint ?? service.match;
  const a = select(aggregates, filter);
  const base = {
    service: service.name,
    objective: objective.name,
    displayName: objective.displayName,
    indicator: objective.indicator,
    description: describeObjective(objective),
    target: objective.target,
    unit: unitOf(objective),
  };
  /** The results cannot judge this objective: `note` says why. */
  const noData = (total: number, note: string): ObjectiveResult => ({
    ...base,
    actual: undefined,
    status: 'no-data',
    total,
    bad: undefined,
    budget: undefined,
    note,
  });
  if (!a || a.count === 0) {
    return noData(
      0,
      filter
        ? `no ${format} sub-metric is named like "${filter}"; tag requests with name and add a threshold on it`
        : 'the results hold no requests',
    );
  }
  const total = a.count ?? 0;
  if (objective.indicator === 'availability' || objective.indicator === 'error-rate') {
    const failures = failuresOf(a, service.failures);
    if (a.count === undefined || failures === undefined) {
      const sub = a.name === undefined ? '' : `{name:${a.name}}`;
      const hint =
        a.count === undefined
          ? `http_reqs${sub}; add a threshold such as 'http_reqs${sub}': ['count>=0'], or count to --summary-trend-stats`
          : `http_req_failed${sub}; add a threshold such as 'http_req_failed${sub}': ['rate>=0']`;
      return noData(
        total,
        format === 'k6'
          ? `the k6 summary has no ${hint} (k6 exports a sub-metric only for a threshold)`
          : `the ${format} results do not count failed requests`,
      );
    }
    const budget = errorBudget(objective.target, a.count, failures);
    const rate = failures / a.count;
    // k6 and JMeter summaries count every 4xx as failed; a summary cannot tell the server's part.
    const mixed = service.failures === 'server-errors' && a.serverFailures === undefined;
    return {
      ...base,
      actual: (objective.indicator === 'availability' ? 1 - rate : rate) * 100,
      status: budget && budget.consumed <= budget.allowed + 1e-9 ? 'met' : 'breached',
      total: a.count,
      bad: failures,
      budget,
      note: mixed
        ? `failures are the ${format} summary's own count (4xx included); it cannot tell server errors apart`
        : undefined,
    };
  }
  const distribution = objective.indicator === 'latency' ? a.latencyMs : a.ttftMs;
  const percentile = objective.percentile ?? 50;
  const threshold = objective.threshold ?? 0;
  if (!distribution || objective.indicator === 'tokens-per-second') {
    const what = objective.indicator === 'ttft' ? 'time to first token' : 'token counts';
    return noData(total, `the ${format} results carry no ${what}`);
  }
  const exact = distribution.percentiles[String(percentile)];
  const noBudget = 'the error budget needs per-request data (JMeter CSV, request lines or App Insights)';
  if (exact !== undefined) {
    const status = exact <= threshold ? 'met' : 'breached';
    return {
      ...base,
      actual: exact,
      status,
      total,
      bad: undefined,
      budget: undefined,
      note: noBudget,
    };
  }
  // The tool did not compute this percentile (autocannon has p90 and p97.5, no p95): the nearest
  // ones around it bound it, which settles the objective unless the threshold falls between them.
  const { lower, upper } = bounds(distribution, percentile);
  if (upper !== undefined && upper[1] <= threshold) {
    return {
      ...base,
      actual: upper[1],
      status: 'met',
      total,
      bad: undefined,
      budget: undefined,
      note: `no p${percentile} in the ${format} results; p${upper[0]} (shown) bounds it from above`,
    };
  }
  if (lower !== undefined && lower[1] > threshold) {
    return {
      ...base,
      actual: lower[1],
      status: 'breached',
      total,
      bad: undefined,
      budget: undefined,
      note: `no p${percentile} in the ${format} results; p${lower[0]} (shown) bounds it from below`,
    };
  }
  return noData(total, missingPercentileNote(format, percentile));
}

/** The nearest known points below and above a percentile, min and max counting as p0 and p100. */
function bounds(
  d: Distribution,
  percentile: number,
): { lower: [number, number] | undefined; upper: [number, number] | undefined } {
  const points: [number, number][] = Object.entries(d.percentiles).map(([p, v]) => [Number(p), v]);
  if (d.min !== undefined) points.push([0, d.min]);
  if (d.max !== undefined) points.push([100, d.max]);
  let lower: [number, number] | undefined;
  let upper: [number, number] | undefined;
  for (const point of points) {
    if (point[0] < percentile && (!lower || point[0] > lower[0])) lower = point;
    if (point[0] > percentile && (!upper || point[0] < upper[0])) upper = point;
  }
  return { lower, upper };
}
