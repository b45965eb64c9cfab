import { readFile } from 'node:fs/promises';
import { ConfigurationError } from '@terrarium/core';
import type { SloHistoryEntry } from './history-entry.js';
import type { LatencySummary, Regression, ServiceStats, SloReport } from './report-types.js';

/** What regressions are judged against: a previous report.json, or the median of kept reports. */
export type SloBaseline = Pick<SloReport, 'services' | 'generatedAt'>;

/** Reads a previous run's report.json to compare against. */
export async function readBaselineReport(file: string): Promise<SloReport> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigurationError(
      code
        ? `cannot read the baseline report (${code}); check the baseline path`
        : `the baseline is not JSON (${(error as Error).message}); point baseline at a previous run's report.json`,
      { file },
    );
  }
  const report = parsed as Partial<SloReport> | null;
  if (report?.version !== 1 || !Array.isArray(report.services)) {
    throw new ConfigurationError(
      "is not a Terrarium SLO report (version 1 with services); point baseline at a previous run's report.json",
      { file },
    );
  }
  return report as SloReport;
}

type Metric = { name: string; get: (s: ServiceStats) => number | undefined; higherIsWorse: boolean };

const METRICS: Metric[] = [
  { name: 'p50 latency (ms)', get: (s) => s.latencyMs.p50, higherIsWorse: true },
  { name: 'p90 latency (ms)', get: (s) => s.latencyMs.p90, higherIsWorse: true },
  { name: 'p95 latency (ms)', get: (s) => s.latencyMs.p95, higherIsWorse: true },
  { name: 'p99 latency (ms)', get: (s) => s.latencyMs.p99, higherIsWorse: true },
  { name: 'error rate', get: (s) => s.errorRate, higherIsWorse: true },
  { name: 'throughput (req/s)', get: (s) => s.throughputRps, higherIsWorse: false },
  { name: 'p95 time to first token (ms)', get: (s) => s.ttftMs?.p95, higherIsWorse: true },
  { name: 'p50 tokens/s', get: (s) => s.tokensPerSecond?.p50, higherIsWorse: false },
];

/** Every metric both runs have, per service, flagged when it got worse by more than the threshold. */
export function compareWithBaseline(
  current: ServiceStats[],
  baseline: SloBaseline,
  thresholdPercent: number,
): Regression[] {
  const regressions: Regression[] = [];
  for (const stats of current) {
    const before = baseline.services.find((s) => s.service === stats.service);
    if (!before) continue;
    for (const metric of METRICS) {
      const was = metric.get(before);
      const now = metric.get(stats);
      if (was === undefined || was === null || now === undefined) continue;
      const worse = metric.higherIsWorse ? now - was : was - now;
      const changePercent = was === 0 ? undefined : (worse / was) * 100;
      const regressed = changePercent === undefined ? worse > 0 : changePercent > thresholdPercent;
      regressions.push({
        service: stats.service,
        metric: metric.name,
        baseline: was,
        current: now,
        changePercent,
        regressed,
      });
    }
  }
  return regressions;
}

/**
 * The automatic baseline: per service, each figure the median of that service's kept reports
 * (newest first, at most `count` of them), so one bad night neither hides nor makes a regression.
 * Undefined when no service has any kept report.
 */
export function medianBaseline(
  history: ReadonlyMap<string, readonly SloHistoryEntry[]>,
  count: number,
): (SloBaseline & { origin: string }) | undefined {
  const services: ServiceStats[] = [];
  const used: SloHistoryEntry[] = [];
  for (const [service, entries] of history) {
    const recent = entries.slice(0, count);
    if (recent.length === 0) continue;
    used.push(...recent);
    services.push(
      medianStats(
        service,
        recent.map((e) => e.stats),
      ),
    );
  }
  if (services.length === 0) return undefined;
  const times = used.map((e) => e.generatedAt).sort();
  const reports = Math.max(...[...history.values()].map((entries) => Math.min(entries.length, count)));
  const first = times[0]?.slice(0, 10);
  const last = times.at(-1)?.slice(0, 10);
  return {
    services,
    generatedAt: times.at(-1) ?? '',
    origin: `median of the last ${reports} kept report${reports === 1 ? '' : 's'}, ${first === last ? first : `${first} to ${last}`}`,
  };
}

function medianStats(service: string, stats: ServiceStats[]): ServiceStats {
  const of = (get: (s: ServiceStats) => number | undefined) => median(stats.map(get));
  // Each field over the nights that have it; with none, every field is undefined.
  const medianSummary = (present: LatencySummary[]): LatencySummary => {
    const field = (key: keyof LatencySummary) => median(present.map((s) => s[key]));
    return {
      p50: field('p50'),
      p90: field('p90'),
      p95: field('p95'),
      p99: field('p99'),
      min: field('min'),
      max: field('max'),
      mean: field('mean'),
    };
  };
  const summary = (get: (s: ServiceStats) => LatencySummary | undefined): LatencySummary | undefined => {
    const present = stats.map(get).filter((s): s is LatencySummary => s !== undefined && s !== null);
    return present.length === 0 ? undefined : medianSummary(present);
  };
  const starts = stats.map((s) => s.start).filter((t): t is string => typeof t === 'string');
  const ends = stats.map((s) => s.end).filter((t): t is string => typeof t === 'string');
  return {
    service,
    requests: of((s) => s.requests) ?? 0,
    failures: of((s) => s.failures) ?? 0,
    errorRate: of((s) => s.errorRate),
    throughputRps: of((s) => s.throughputRps),
    latencyMs: summary((s) => s.latencyMs) ?? medianSummary([]),
    ttftMs: summary((s) => s.ttftMs),
    tokensPerSecond: summary((s) => s.tokensPerSecond),
    exact: stats.every((s) => s.exact),
    start: starts.sort()[0],
    end: ends.sort().at(-1),
  };
}

/** The middle value (the mean of the two middle ones for an even count) of those present. */
export function median(values: readonly (number | undefined | null)[]): number | undefined {
  const present = values
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
    .sort((a, b) => a - b);
  if (present.length === 0) return undefined;
  const middle = Math.floor(present.length / 2);
  return present.length % 2 === 1
    ? (present[middle] as number)
    : ((present[middle - 1] as number) + (present[middle] as number)) / 2;
}
