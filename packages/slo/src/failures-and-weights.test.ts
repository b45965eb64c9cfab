import { describe, expect, it } from 'vitest';
import { evaluateSlo } from './evaluate.js';
import { isFailure, statusFromResultCode } from './failure-rule.js';
import { parseSloText } from './parse-slo-file.js';
import { renderSloMarkdown } from './render-markdown.js';
import { type RequestSample, requestSample } from './sli-types.js';

const now = new Date('2026-11-22T00:00:00Z');
const start = Date.parse('2026-11-21T23:00:00Z');

function spec(extra = '', target = '0.99') {
  return parseSloText(
    `apiVersion: terrarium.dev/v1alpha1
kind: SLO
metadata: { name: t }
spec:
  timeWindow: 30d
${extra}  services:
    - name: api
      objectives:
        - { name: p95, indicator: latency, percentile: 95, threshold: 500 }
        - { name: up, indicator: availability, target: ${target} }
`,
    '/x/slo.yaml',
  );
}

async function* from(samples: RequestSample[]): AsyncGenerator<RequestSample> {
  yield* samples;
}

const input = (samples: RequestSample[]) =>
  ({ kind: 'samples', format: 'app-insights', origin: 'test', samples: from(samples) }) as const;

describe('what counts as a failed request', () => {
  it.each([
    // status, the source's verdict, server-errors, not-success
    [200, true, false, false],
    [404, false, false, true],
    [429, false, false, true],
    [500, false, true, true],
    [503, true, true, false],
    [0, false, true, true],
    [undefined, false, true, true],
    [undefined, true, false, false],
  ])('status %s, success %s: server-errors %s, not-success %s', (status, success, server, notSuccess) => {
    const sample = requestSample({ durationMs: 1, success, status });
    expect(isFailure(sample, 'server-errors')).toBe(server);
    expect(isFailure(sample, 'not-success')).toBe(notSuccess);
  });

  it("reads App Insights' ResultCode as KQL's toint would: whole numbers only", () => {
    expect(['200', '503', '0', '-1', 'Faulted', '', '5e2', 404, 200.5].map(statusFromResultCode)).toEqual([
      200,
      503,
      0,
      -1,
      undefined,
      undefined,
      undefined,
      404,
      undefined,
    ]);
  });

  it('judges availability by the SLO file: 404s and 429s count only with not-success', async () => {
    const samples = () =>
      Array.from({ length: 100 }, (_, i) =>
        requestSample({
          timestamp: start + i * 1000,
          durationMs: 100,
          success: i >= 10,
          status: i < 4 ? 404 : i < 8 ? 429 : i < 10 ? 503 : 200,
        }),
      );
    const server = await evaluateSlo(spec(), input(samples()), { now });
    const strict = await evaluateSlo(spec('  failures: not-success\n'), input(samples()), { now });
    expect(server.objectives[1]).toMatchObject({ bad: 2, status: 'breached', actual: 98 });
    expect(server.services[0]).toMatchObject({ failures: 2, errorRate: 0.02 });
    expect(strict.objectives[1]).toMatchObject({ bad: 10, actual: 90 });
  });
});

describe('sampled telemetry: every count, rate and percentile weighs ItemCount', () => {
  it('a row with ItemCount k counts as k requests, in every figure of the report', async () => {
    // 300 rows at 25% sampling (ItemCount 4) against the same requests unsampled.
    const rows = Array.from({ length: 300 }, (_, i) =>
      requestSample({
        timestamp: start + i * 4000,
        durationMs: 100 + ((i * 37) % 700),
        success: i % 50 !== 0,
        status: i % 50 === 0 ? 500 : 200,
        weight: 4,
      }),
    );
    const expanded = rows.flatMap((row) => Array.from({ length: 4 }, () => ({ ...row, weight: 1 })));
    const sampled = await evaluateSlo(spec(), input(rows), { now });
    const full = await evaluateSlo(spec(), input(expanded), { now });
    expect(sampled.services[0]?.requests).toBe(1200);
    expect(sampled.services).toEqual(full.services);
    expect(sampled.objectives).toEqual(full.objectives);
    expect(sampled.burnRates).toEqual(full.burnRates);
  });

  it('the p95 of sampled rows is the p95 of the requests they stand for, not of the rows', async () => {
    // 90 fast rows kept at 100% and 10 slow ones kept at 10% (each standing for 10 requests):
    // of the 190 requests, 100 are slow, so p95 is slow; unweighted rows would say fast.
    const rows = [
      ...Array.from({ length: 90 }, () => requestSample({ durationMs: 100, success: true })),
      ...Array.from({ length: 10 }, () => requestSample({ durationMs: 900, success: true, weight: 10 })),
    ];
    const report = await evaluateSlo(spec(), input(rows), { now });
    expect(report.services[0]?.latencyMs.p50).toBe(900);
    expect(report.objectives[0]).toMatchObject({ actual: 900, total: 190, bad: 100, status: 'breached' });
  });
});

describe('the report judges burn rates as the alert rules do', () => {
  it.each([
    [18, true],
    [17, false],
  ])(
    'with %i of every 250 requests a minute failing, the 1h/5m pair fires: %s (>= 0.072, as the rule compares)',
    async (failing, fires) => {
      // 12 minutes of 250 requests each; 18 of 250 is 0.072 = 14.4 x (1 - 0.995) in both windows.
      const samples = Array.from({ length: 3000 }, (_, i) =>
        requestSample({ timestamp: start + i * 240, durationMs: 100, success: i % 250 >= failing }),
      );
      const report = await evaluateSlo(spec('', '0.995'), input(samples), { now });
      const pair = report.burnRates.find((b) => b.objective === 'up' && b.longWindow === '1h');
      expect(pair).toMatchObject({ factor: 14.4, threshold: 0.072, canFire: true, firing: fires });
    },
  );

  it('warns in the report about a pair that can never fire, and renders the warning', async () => {
    const samples = Array.from({ length: 60 }, (_, i) =>
      requestSample({ timestamp: start + i * 1000, durationMs: 100, success: true }),
    );
    const report = await evaluateSlo(spec('', '0.93'), input(samples), { now });
    expect(report.warnings).toEqual([
      'api/up: the 1h/5m pair would alert at an error ratio of 14.4 x (1 - 0.93) = 1.008, above 1, so it can never fire; raise the target or lengthen timeWindow (the longer pairs still alert)',
    ]);
    expect(report.burnRates.find((b) => b.objective === 'up' && b.longWindow === '1h')?.canFire).toBe(false);
    expect(renderSloMarkdown(report)).toContain('### Warnings\n\n- ⚠️ api/up: the 1h/5m pair would alert');
  });
});
