import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '@terrarium/core';
import { describe, expect, it } from 'vitest';
import { evaluateSlo } from './evaluate.js';
import { parseSloText } from './parse-slo-file.js';
import { readResults } from './readers/read-results.js';
import { type RequestSample, requestSample } from './sli-types.js';

const spec = parseSloText(
  `apiVersion: terrarium.dev/v1alpha1
kind: SLO
metadata: { name: t }
spec:
  timeWindow: 30d
  services:
    - name: chat
      match: chat
      objectives:
        - { name: latency-p95, indicator: latency, percentile: 95, threshold: 1200 }
        - { name: latency-p99, indicator: latency, percentile: 99, threshold: 1500 }
        - { name: availability, indicator: availability, targetPercent: 99 }
        - { name: ttft-p95, indicator: ttft, percentile: 95, threshold: 400 }
    - name: embed
      match: embed
      objectives:
        - { name: errors, indicator: error-rate, threshold: 1 }
`,
  '/x/slo.yaml',
);

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

function exact(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1] ?? Number.NaN;
}

async function* from(samples: RequestSample[]): AsyncGenerator<RequestSample> {
  yield* samples;
}

describe('evaluateSlo on a JMeter CSV', () => {
  it('computes percentiles equal to sort-and-index, budgets and throughput', async () => {
    const next = random(7);
    const start = 1_763_768_400_000;
    const rows: string[] = [
      'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect',
    ];
    const chat: number[] = [];
    let chatFailures = 0;
    for (let i = 0; i < 3000; i += 1) {
      const isChat = i % 3 !== 0;
      const elapsed = Math.round(isChat ? 200 + next() ** 3 * 2000 : 20 + next() * 80);
      const ok = next() > (isChat ? 0.005 : 0.02);
      if (isChat) {
        chat.push(elapsed);
        if (!ok) chatFailures += 1;
      }
      rows.push(
        `${start + i * 1000},${elapsed},${isChat ? 'chat' : 'embed'},${ok ? 200 : 500},x,t,text,${ok},,1,1,1,1,https://llm/v1/${isChat ? 'chat' : 'embed'},1,0,1`,
      );
    }
    const dir = await mkdtemp(join(tmpdir(), 'slo-eval-'));
    const file = join(dir, 'results.csv');
    await writeFile(file, `${rows.join('\n')}\n`);
    const report = await evaluateSlo(spec, await readResults([file], 'auto', silentLogger));

    const stats = report.services[0];
    expect(stats?.requests).toBe(2000);
    expect(stats?.failures).toBe(chatFailures);
    expect([stats?.latencyMs.p50, stats?.latencyMs.p90, stats?.latencyMs.p95, stats?.latencyMs.p99]).toEqual([
      exact(chat, 50),
      exact(chat, 90),
      exact(chat, 95),
      exact(chat, 99),
    ]);
    expect(stats?.throughputRps).toBeCloseTo(2000 / 2998, 6);

    const p95 = report.objectives.find((o) => o.objective === 'latency-p95');
    const slow = chat.filter((v) => v > 1200).length;
    expect(p95).toMatchObject({ actual: exact(chat, 95), total: 2000, bad: slow });
    expect(p95?.budget?.allowed).toBeCloseTo(100, 9);
    expect(p95?.budget?.remainingFraction).toBeCloseTo(1 - slow / 100, 9);
    expect(p95?.status).toBe(exact(chat, 95) <= 1200 ? 'met' : 'breached');

    const availability = report.objectives.find((o) => o.objective === 'availability');
    expect(availability?.actual).toBeCloseTo(((2000 - chatFailures) / 2000) * 100, 9);
    expect(report.objectives.find((o) => o.objective === 'ttft-p95')).toMatchObject({
      status: 'no-data',
      note: 'no request carried ttftMs',
    });
    expect(report.status).toBe('breached');
    expect(report.burnRates).toHaveLength(4 * 4); // ttft-p95 has no data, so no series;
  });
});

describe('evaluateSlo on samples', () => {
  const base = Date.parse('2026-11-21T22:00:00Z');
  it('fires only the pairs whose long and short windows both burn past their factor', async () => {
    const samples: RequestSample[] = [];
    // Two hours of clean traffic, then ten minutes in which 30% fail.
    for (let s = 0; s < 7200; s += 2)
      samples.push(
        requestSample({ timestamp: base + s * 1000, durationMs: 100, success: true, name: 'embed' }),
      );
    for (let s = 0; s < 600; s += 1) {
      samples.push(
        requestSample({
          timestamp: base + 7_200_000 + s * 1000,
          durationMs: 100,
          success: s % 10 >= 3,
          name: 'embed',
        }),
      );
    }
    const report = await evaluateSlo(spec, {
      kind: 'samples',
      format: 'jsonl',
      origin: 'memory',
      samples: from(samples),
    });
    const rates = report.burnRates.filter((r) => r.service === 'embed');
    const byPair = Object.fromEntries(rates.map((r) => [`${r.longWindow}/${r.shortWindow}`, r]));
    // 1h: 180 bad of 1500 + 600 -> 8.6% / 1% = 8.6x, under 14.4; 5m: 30% -> 30x.
    expect(byPair['1h/5m']?.longBurnRate).toBeCloseTo(180 / (1500 + 600) / 0.01, 6);
    expect(byPair['1h/5m']?.shortBurnRate).toBeCloseTo(30, 6);
    expect(byPair['1h/5m']?.firing).toBe(false);
    // 6h: 180 of 4200 -> 4.3x, under 6 although 30m burns at 15x; 1d/2h: 4.3x and 4.6x, over 3.
    expect(byPair['6h/30m']).toMatchObject({ firing: false, partialWindow: true, severity: 'page' });
    expect(byPair['6h/30m']?.longBurnRate).toBeCloseTo(180 / 4200 / 0.01, 6);
    expect(byPair['6h/30m']?.shortBurnRate).toBeCloseTo(180 / 1200 / 0.01, 6);
    expect(byPair['1d/2h']?.firing).toBe(true);
    expect(byPair['3d/6h']?.firing).toBe(true);
    const errors = report.objectives.find((o) => o.objective === 'errors');
    expect(errors).toMatchObject({ status: 'breached', bad: 180, total: 4200, actual: (180 / 4200) * 100 });
    expect(errors?.budget?.remainingFraction).toBeCloseTo(1 - 180 / 42, 9);
    // An overspent budget ranks before objectives that saw no data.
    expect(report.worstObjective).toBe('embed/errors');
  });

  it('measures time to first token and tokens per second when the lines carry them', async () => {
    const samples = [100, 200, 300, 450].map((ttftMs, i) =>
      requestSample({
        timestamp: base + i * 1000,
        durationMs: 1100,
        success: true,
        name: 'chat',
        ttftMs,
        tokens: 100,
      }),
    );
    const report = await evaluateSlo(spec, {
      kind: 'samples',
      format: 'jsonl',
      origin: 'memory',
      samples: from(samples),
    });
    expect(report.objectives.find((o) => o.objective === 'ttft-p95')).toMatchObject({
      actual: 450,
      status: 'breached',
      bad: 1,
    });
    expect(report.services[0]?.tokensPerSecond?.p50).toBeCloseTo(100 / 0.9, 6);
  });
});

describe('evaluateSlo on k6 aggregates', () => {
  it('uses the named sub-metric, exact availability budgets, and says what p(99) needs', async () => {
    const k6 = fileURLToPath(new URL('../testing/fixtures/k6-summary.json', import.meta.url));
    const report = await evaluateSlo(spec, await readResults([k6], 'k6', silentLogger));
    const byName = Object.fromEntries(report.objectives.map((o) => [`${o.service}/${o.objective}`, o]));
    expect(byName['chat/latency-p95']).toMatchObject({
      actual: 1350.8,
      status: 'breached',
      budget: undefined,
    });
    expect(byName['chat/latency-p99']).toMatchObject({ actual: 2100.3, status: 'breached' });
    expect(byName['chat/availability']?.actual).toBeCloseTo(98.75, 9);
    expect(byName['chat/availability']?.budget?.remainingFraction).toBeCloseTo(1 - 10 / 8, 9);
    expect(byName['embed/errors']).toMatchObject({ status: 'no-data' });
    expect(byName['embed/errors']?.note).toMatch(/no k6 sub-metric is named like "embed"/);
    expect(report.services[0]?.throughputRps).toBeCloseTo(800 / 60.0125, 6);
  });

  it('flags regressions against a baseline beyond the threshold', async () => {
    const k6 = fileURLToPath(new URL('../testing/fixtures/k6-summary.json', import.meta.url));
    const input = () => readResults([k6], 'k6', silentLogger);
    const baseline = await evaluateSlo(spec, await input());
    const chat = baseline.services[0];
    if (!chat) throw new Error('no chat');
    chat.latencyMs.p95 = 1200; // now 1350.8: 12.6% worse
    chat.latencyMs.p99 = 2000; // now 2100.3: 5% worse
    const report = await evaluateSlo(spec, await input(), { baseline, baselineOrigin: 'run-1/report.json' });
    const flagged = report.regressions.filter((r) => r.regressed).map((r) => r.metric);
    expect(flagged).toEqual(['p95 latency (ms)']);
    expect(report.regressions.find((r) => r.metric === 'p95 latency (ms)')?.changePercent).toBeCloseTo(
      12.5667,
      3,
    );
    expect(report.baseline).toBe('run-1/report.json');
  });
});

describe('evaluateSlo on autocannon, which has p90 and p97.5 but no p95', () => {
  const autocannon = fileURLToPath(new URL('../testing/fixtures/autocannon.json', import.meta.url));
  it.each([
    [40, 'met', 30, 'p97.5 (shown) bounds it from above'],
    [20, 'breached', 25, 'p90 (shown) bounds it from below'],
    [27, 'no-data', undefined, 'the autocannon results have no p95'],
  ])('threshold %i ms: %s', async (threshold, status, actual, note) => {
    const slo = parseSloText(
      `apiVersion: terrarium.dev/v1alpha1\nkind: SLO\nmetadata: { name: t }\nspec:\n  services:\n    - name: chat\n      objectives:\n        - { name: p95, indicator: latency, percentile: 95, threshold: ${threshold} }\n`,
      '/x/slo.yaml',
    );
    const report = await evaluateSlo(slo, await readResults([autocannon], 'auto', silentLogger));
    expect(report.objectives[0]).toMatchObject({ status, actual });
    expect(report.objectives[0]?.note).toContain(note);
  });
});

describe('evaluateSlo on autocannon with services that match by URL', () => {
  const autocannon = fileURLToPath(new URL('../testing/fixtures/autocannon.json', import.meta.url));
  const slo = (match: string) =>
    parseSloText(
      `apiVersion: terrarium.dev/v1alpha1\nkind: SLO\nmetadata: { name: t }\nspec:\n  services:\n    - name: chat\n${match}      objectives:\n        - { name: p99, indicator: latency, percentile: 99, threshold: 50 }\n`,
      '/x/slo.yaml',
    );

  it.each([
    ['      match: /v1/chat\n', 'met', 38],
    ['', 'met', 38],
    ['      match: /v1/embeddings\n', 'no-data', undefined],
  ])('a service with %j reads the run at its URL: %s', async (match, status, actual) => {
    const report = await evaluateSlo(slo(match), await readResults([autocannon], 'auto', silentLogger));
    expect(report.objectives[0]).toMatchObject({ status, actual });
  });
});
