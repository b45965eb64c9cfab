import { ConfigurationError } from '@terrarium/core';
import type { AggregateSample } from '../sli-types.js';
import { isRecord, num, readJsonDocument } from './json-document.js';

export const AUTOCANNON_EXPECTED =
  'autocannon --json output (latency {p50, p90, p99...}, requests, errors, non2xx)';

/**
 * autocannon's `--json` result: one aggregate for the run, named by the URL it loaded, so a
 * service's `match` (`/v1/chat`) selects it like a k6 sub-metric or a JMeter label.
 */
export async function readAutocannonJson(file: string): Promise<AggregateSample[]> {
  return autocannonAggregates(await readJsonDocument(file, AUTOCANNON_EXPECTED), file);
}

export function autocannonAggregates(doc: Record<string, unknown>, file: string): AggregateSample[] {
  const { latency, requests } = doc;
  if (!isRecord(latency) || !isRecord(requests) || num(requests.total) === undefined) {
    throw new ConfigurationError(`has no latency or requests.total; expected ${AUTOCANNON_EXPECTED}`, {
      file,
    });
  }
  const percentiles: Record<string, number> = {};
  for (const [key, value] of Object.entries(latency)) {
    // p97_5 -> 97.5, p99_9 -> 99.9, p0_001 -> 0.001
    const p = /^p(\d+)(?:_(\d+))?$/.exec(key);
    const v = num(value);
    if (p?.[1] && v !== undefined) percentiles[String(Number(`${p[1]}.${p[2] ?? '0'}`))] = v;
  }
  // Connection errors and timeouts never reach requests.total; non-2xx answers do.
  const errors = num(doc.errors) ?? 0;
  const start = typeof doc.start === 'string' ? Date.parse(doc.start) : undefined;
  return [
    {
      name: typeof doc.url === 'string' && doc.url !== '' ? doc.url : undefined,
      count: (num(requests.total) ?? 0) + errors,
      failures: errors + (num(doc.non2xx) ?? 0),
      // autocannon counts 5xx answers apart; with errors (no answer) they are the server's failures.
      serverFailures: num(doc['5xx']) === undefined ? undefined : errors + (num(doc['5xx']) ?? 0),
      durationSeconds: num(doc.duration),
      start: start !== undefined && !Number.isNaN(start) ? start : undefined,
      latencyMs: { min: num(latency.min), max: num(latency.max), mean: num(latency.average), percentiles },
      ttftMs: undefined,
    },
  ];
}
