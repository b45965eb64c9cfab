import { readFile } from 'node:fs/promises';
import { ConfigurationError } from '@terrarium/core';
import type { Regression, ServiceStats, SloReport } from './report-types.js';

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
  baseline: SloReport,
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
