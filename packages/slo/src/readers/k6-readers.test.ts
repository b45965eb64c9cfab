import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordingLogger } from '@terrarium/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateSlo } from '../evaluate.js';
import { parseSloText } from '../parse-slo-file.js';
import type { RequestSample } from '../sli-types.js';
import { detectFormat } from './detect-format.js';
import { readK6JsonLines } from './k6-json-lines.js';
import { readK6Summary } from './k6-summary.js';
import { readResults } from './read-results.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/k6/${name}`, import.meta.url));
const SUMMARY = fixture('pet-finder-carga.summary.json');
const RAW = fixture('xk6-dashboard-result-head.json');
const now = new Date('2026-11-22T00:00:00Z');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slo-k6-'));
});

async function all(samples: AsyncIterable<RequestSample>): Promise<RequestSample[]> {
  const out: RequestSample[] = [];
  for await (const sample of samples) out.push(sample);
  return out;
}

const slo = (services: string) =>
  parseSloText(
    `apiVersion: terrarium.dev/v1alpha1\nkind: SLO\nmetadata: { name: k6 }\nspec:\n  services:\n${services}`,
    '/x/slo.yaml',
  );

describe('a real k6 --summary-export whose thresholds are on sub-metrics only', () => {
  it('reads the whole run and each sub-metric, counting from the trend when http_reqs{...} is missing', async () => {
    const aggregates = await readK6Summary(SUMMARY);
    expect(aggregates.map((a) => [a.name, a.count, a.failures])).toEqual([
      ['voz_registrar', 10721, undefined],
      [undefined, 21442, 0],
      ['voz_listar', 10721, undefined],
    ]);
    expect(aggregates[2]?.latencyMs.percentiles).toEqual({
      '50': 45.703,
      '90': 89.187,
      '95': 106.107,
      '99': 156.22239999999996,
    });
  });

  it('judges sub-metric objectives on the sub-metric, whole-run ones on the run, and only the truly missing as no data', async () => {
    const spec = slo(`    - name: whole-run
      objectives:
        - { name: p95, indicator: latency, percentile: 95, threshold: 500 }
        - { name: up, indicator: availability, target: 0.99 }
    - name: listar
      match: voz_listar
      objectives:
        - { name: p95, indicator: latency, percentile: 95, threshold: 100 }
        - { name: p99, indicator: latency, percentile: 99, threshold: 200 }
        - { name: up, indicator: availability, target: 0.99 }
`);
    const input = await readResults([SUMMARY], 'auto', recordingLogger());
    expect(input.format).toBe('k6');
    const report = await evaluateSlo(spec, input, { now });
    const byName = Object.fromEntries(report.objectives.map((o) => [`${o.service}/${o.objective}`, o]));
    expect(byName['whole-run/p95']).toMatchObject({ status: 'met', actual: 89.1869, total: 21442 });
    expect(byName['whole-run/up']).toMatchObject({ status: 'met', actual: 100, total: 21442, bad: 0 });
    expect(byName['listar/p95']).toMatchObject({ status: 'breached', actual: 106.107, total: 10721 });
    expect(byName['listar/p99']).toMatchObject({ status: 'met', actual: 156.22239999999996 });
    expect(byName['listar/up']).toMatchObject({ status: 'no-data', total: 10721 });
    expect(byName['listar/up']?.note).toBe(
      "the k6 summary has no http_req_failed{name:voz_listar}; add a threshold such as 'http_req_failed{name:voz_listar}': ['rate>=0'] (k6 exports a sub-metric only for a threshold)",
    );
    expect(report.services.map((s) => [s.service, s.requests])).toEqual([
      ['whole-run', 21442],
      ['listar', 10721],
    ]);
  });
});

/** The fixture's request points, read with JSON.parse: the oracle the streaming reader must match. */
async function requestPoints(file: string) {
  const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
  return lines
    .map((line) => JSON.parse(line) as { type: string; metric: string; data: Record<string, unknown> })
    .filter((line) => line.type === 'Point' && line.metric === 'http_req_duration')
    .map((line) => ({
      time: Date.parse(String(line.data.time)),
      value: line.data.value as number,
      tags: line.data.tags as Record<string, string>,
    }));
}

describe('real k6 --out json output', () => {
  it('is detected by its first line and read one request per http_req_duration point', async () => {
    expect(await detectFormat(RAW)).toBe('k6-json');
    const expected = await requestPoints(RAW);
    expect(expected).toHaveLength(4);
    const samples = await all(readK6JsonLines(RAW));
    expect(samples).toEqual(
      expected.map((point) => ({
        kind: 'request',
        timestamp: point.time,
        durationMs: point.value,
        success: true,
        status: Number(point.tags.status),
        weight: 1,
        name: point.tags.name,
        url: point.tags.url,
        role: undefined,
        ttftMs: undefined,
        tokens: undefined,
      })),
    );
    expect(samples.map((s) => [s.status, s.durationMs])).toEqual([
      [308, 121.233058],
      [308, 121.752505],
      [200, 122.817053],
      [200, 125.824816],
    ]);
  });

  it('gives exact per-request percentiles and burn rates over time', async () => {
    const spec = slo(`    - name: k6-site
      objectives:
        - { name: p50, indicator: latency, percentile: 50, threshold: 121.5 }
        - { name: up, indicator: availability, target: 0.99 }
`);
    const report = await evaluateSlo(spec, await readResults([RAW], 'auto', recordingLogger()), { now });
    expect(report.source.format).toBe('k6-json');
    expect(report.services[0]).toMatchObject({ requests: 4, failures: 0, exact: true });
    // Nearest rank over the four latencies: p50 is the 2nd, 121.752505 ms; 3 of 4 are over 121.5.
    expect(report.objectives[0]).toMatchObject({ actual: 121.752505, total: 4, bad: 3, status: 'breached' });
    expect(report.objectives[1]).toMatchObject({ actual: 100, status: 'met' });
    expect(report.burnRates.length).toBeGreaterThan(0);
  });

  it('takes failures from http_req_failed points, then expected_response, then status (an edited copy)', async () => {
    const text = await readFile(RAW, 'utf8');
    // Edits: the 2nd request's http_req_failed point says 1 and its tags lose expected_response;
    // the 4th request's tags say expected_response false and its http_req_failed point is removed.
    const lines = text.split('\n').filter(Boolean);
    const second = '2023-09-08T21:03:10.549824325+02:00';
    const fourth = '2023-09-08T21:03:10.932796482+02:00';
    const edited = lines
      .filter((line) => !(line.includes(fourth) && line.startsWith('{"metric":"http_req_failed"')))
      .map((line) => {
        if (line.includes(second)) {
          const out = line.replace('"expected_response":"true",', '');
          return out.startsWith('{"metric":"http_req_failed"')
            ? out.replace('"value":0,', '"value":1,')
            : out;
        }
        return line.includes(fourth)
          ? line.replace('"expected_response":"true"', '"expected_response":"false"')
          : line;
      });
    const file = join(dir, 'edited.json');
    await writeFile(file, `${edited.join('\n')}\n`);
    const samples = await all(readK6JsonLines(file));
    expect(samples.map((s) => s.success)).toEqual([true, false, true, false]);
  });

  it("reads older k6's key order (metric last) through the fallback, to the same requests (an edited copy)", async () => {
    const text = await readFile(RAW, 'utf8');
    const reordered = text
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const { metric, ...rest } = JSON.parse(line) as Record<string, unknown>;
        return JSON.stringify({ ...rest, metric });
      });
    const file = join(dir, 'old-order.json');
    await writeFile(file, `${reordered.join('\n')}\n`);
    expect(await detectFormat(file)).toBe('k6-json');
    expect(await all(readK6JsonLines(file))).toEqual(await all(readK6JsonLines(RAW)));
  });

  it('reads a ttft trend as times to first token, not as requests', async () => {
    const lines = [
      '{"type":"Metric","data":{"name":"ttft","type":"trend","contains":"time","thresholds":[],"submetrics":null},"metric":"ttft"}',
      '{"metric":"ttft","type":"Point","data":{"time":"2023-09-08T21:03:10.6+02:00","value":42.5,"tags":{"group":"","name":"chat","scenario":"default"}}}',
    ];
    const text = await readFile(RAW, 'utf8');
    const file = join(dir, 'ttft.json');
    await writeFile(file, `${text}${lines.join('\n')}\n`);
    const spec = slo(`    - name: api
      objectives:
        - { name: ttft, indicator: ttft, percentile: 95, threshold: 40 }
        - { name: up, indicator: availability, target: 0.99 }
`);
    const report = await evaluateSlo(spec, await readResults([file], 'k6-json', recordingLogger()), { now });
    expect(report.services[0]).toMatchObject({ requests: 4 });
    expect(report.services[0]?.ttftMs?.p95).toBe(42.5);
    expect(report.objectives[0]).toMatchObject({ total: 1, bad: 1, actual: 42.5, status: 'breached' });
    expect(report.objectives[1]).toMatchObject({ total: 4 });
  });

  it.each([
    [
      'cut.json',
      (text: string) => text.slice(0, text.length - 40),
      /cut\.json:57: is not a JSON object \(cut short\?\)/,
    ],
    ['empty.json', () => '\n\n', /empty\.json: is empty; expected k6 --out json/],
    [
      'array.json',
      (text: string) => `${text}[1,2]\n`,
      /array\.json:58: is not a JSON object; expected k6 --out json/,
    ],
  ])('%s fails naming file and line', async (name, edit, message) => {
    const file = join(dir, name);
    await writeFile(file, edit(await readFile(RAW, 'utf8')));
    await expect(all(readK6JsonLines(file))).rejects.toThrow(message);
  });
});
