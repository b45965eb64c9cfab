import { ConfigurationError } from '@terrarium/core';
import type { AggregateSample, Distribution } from '../sli-types.js';
import { isRecord, num, readJsonDocument } from './json-document.js';

export const K6_EXPECTED =
  'a k6 --summary-export JSON file (metrics.http_req_duration with p(95), http_reqs, http_req_failed)';

/** Time-to-first-token trends a k6 script may define; the first one present is used. */
const TTFT_METRICS = ['ttft', 'time_to_first_token', 'llm_ttft'];

/**
 * k6's `--summary-export` JSON: overall trends and, for every sub-metric a threshold named
 * (`http_req_duration{name:chat}`), one aggregate per tag value. k6 exports a sub-metric only for
 * the metrics a threshold names, so a script with thresholds on `http_req_duration{name:chat}`
 * alone has no `http_reqs{name:chat}` or `http_req_failed{name:chat}`: that sub-metric still gives
 * its percentiles (and its count, with `--summary-trend-stats` holding `count`), and only the
 * objectives that need what is missing go without data.
 */
export async function readK6Summary(file: string): Promise<AggregateSample[]> {
  const doc = await readJsonDocument(file, K6_EXPECTED);
  return k6Aggregates(doc, file);
}

export function k6Aggregates(doc: Record<string, unknown>, file: string): AggregateSample[] {
  const metrics = doc.metrics;
  if (!isRecord(metrics) || !isRecord(metrics.http_req_duration)) {
    throw new ConfigurationError(`has no metrics.http_req_duration; expected ${K6_EXPECTED}`, { file });
  }
  const state = isRecord(doc.state) ? doc.state : {};
  const runMs = num(state.testRunDurationMs);
  const aggregates: AggregateSample[] = [];
  for (const key of Object.keys(metrics)) {
    const match = /^http_req_duration(?:\{(.*)\})?$/.exec(key);
    if (!match) continue;
    const tags = match[1];
    // Sub-metrics k6 adds on its own (expected_response:true) describe a subset, not a name.
    if (tags !== undefined && !/^(name|url|scenario|group):/.test(tags)) continue;
    const suffix = tags === undefined ? '' : `{${tags}}`;
    const duration = metrics[key] as Record<string, unknown>;
    const reqs = valuesOf(metrics[`http_reqs${suffix}`]);
    const failed = valuesOf(metrics[`http_req_failed${suffix}`]);
    // A trend exported with the `count` stat counts the requests too.
    const count = (isRecord(reqs) ? num(reqs.count) : undefined) ?? num(valuesOf(duration)?.count);
    // In k6's Rate metrics `passes` counts the true values: for http_req_failed, the failures.
    const failures = isRecord(failed) ? (num(failed.passes) ?? roundRate(failed, count)) : undefined;
    if (count === undefined && tags === undefined) {
      throw new ConfigurationError(`has no metrics.http_reqs.count; expected ${K6_EXPECTED}`, { file });
    }
    const rate = isRecord(reqs) ? num(reqs.rate) : undefined;
    const ttftKey = tags === undefined ? TTFT_METRICS.find((m) => isRecord(metrics[m])) : undefined;
    aggregates.push({
      name: tags === undefined ? undefined : tags.slice(tags.indexOf(':') + 1),
      count,
      failures,
      serverFailures: undefined,
      durationSeconds:
        runMs !== undefined ? runMs / 1000 : rate && count !== undefined ? count / rate : undefined,
      start: undefined,
      latencyMs: trend(duration),
      ttftMs: ttftKey ? trend(metrics[ttftKey] as Record<string, unknown>) : undefined,
    });
  }
  return aggregates;
}

/** `--summary-export` puts figures on the metric; handleSummary's data nests them under `values`. */
function valuesOf(metric: unknown): Record<string, unknown> | undefined {
  if (!isRecord(metric)) return undefined;
  return isRecord(metric.values) ? metric.values : metric;
}

function roundRate(failed: Record<string, unknown>, count: number | undefined): number | undefined {
  const value = num(failed.value) ?? num(failed.rate);
  return value !== undefined && count !== undefined ? Math.round(value * count) : undefined;
}

function trend(metric: Record<string, unknown>): Distribution {
  const values = isRecord(metric.values) ? metric.values : metric;
  const percentiles: Record<string, number> = {};
  for (const [key, value] of Object.entries(values)) {
    const p = /^p\((\d+(?:\.\d+)?)\)$/.exec(key);
    const v = num(value);
    if (p?.[1] && v !== undefined) percentiles[String(Number(p[1]))] = v;
  }
  const med = num(values.med);
  if (med !== undefined) percentiles['50'] = med;
  return { min: num(values.min), max: num(values.max), mean: num(values.avg), percentiles };
}
