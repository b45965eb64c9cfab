import { describe, expect, it } from 'vitest';
import { median, medianBaseline } from './baseline.js';
import { evaluateSlo } from './evaluate.js';
import { historyEntries, parseHistoryEntry, type SloHistoryEntry } from './history-entry.js';
import { parseSloText } from './parse-slo-file.js';
import { renderObjectiveTrend, renderSloTrend } from './render-trend.js';
import { type RequestSample, requestSample } from './sli-types.js';

const spec = parseSloText(
  `apiVersion: terrarium.dev/v1alpha1
kind: SLO
metadata: { name: llm-platform }
spec:
  services:
    - name: llm-chat
      objectives:
        - { name: latency-p95, indicator: latency, percentile: 95, threshold: 1200 }
        - { name: availability, indicator: availability, targetPercent: 99.5 }
        - { name: ttft-p95, indicator: ttft, percentile: 95, threshold: 400 }
        - { name: tokens-p10, indicator: tokens-per-second, percentile: 10, threshold: 20 }
`,
  '/x/slo.yaml',
);

/** 100 requests whose p95 latency is `p95` ms and of which `failed` failed. */
async function* requests(p95: number, failed: number): AsyncGenerator<RequestSample> {
  const start = Date.parse('2026-11-21T02:17:00Z');
  for (let i = 0; i < 100; i += 1) {
    yield requestSample({
      timestamp: start + i * 1000,
      durationMs: i < 5 ? p95 + 50 : i < 6 ? p95 : 300,
      success: i >= failed,
      name: 'chat',
      ttftMs: 150,
    });
  }
}

/** One night's entries as report-slo keeps them, measured at `at`. */
async function night(at: string, p95: number, failed = 0, run = at.slice(8, 10)): Promise<SloHistoryEntry> {
  const report = await evaluateSlo(
    spec,
    { kind: 'samples', format: 'jsonl', origin: 'r.jsonl', samples: requests(p95, failed) },
    { now: new Date(at) },
  );
  const [entry] = historyEntries(report, spec, {
    id: run,
    url: `https://github.com/o/r/actions/runs/${run}`,
  });
  if (!entry) throw new Error('no entry');
  return JSON.parse(JSON.stringify(entry)) as SloHistoryEntry;
}

describe('history entries', () => {
  it("keep a service's figures and objectives with what they measure and the limit they are held to", async () => {
    const entry = await night('2026-11-21T02:20:00Z', 900, 1, '41');
    expect(entry).toMatchObject({
      version: 1,
      slo: 'llm-platform',
      service: 'llm-chat',
      generatedAt: '2026-11-21T02:20:00.000Z',
      run: { id: '41', url: 'https://github.com/o/r/actions/runs/41' },
      format: 'jsonl',
      status: 'breached',
    });
    expect(entry.stats.latencyMs.p95).toBe(900);
    expect(entry.objectives.map((o) => [o.objective, o.measure, o.limit, o.unit, o.status])).toEqual([
      ['latency-p95', 'p95 latency', 1200, 'ms', 'met'],
      ['availability', 'availability', 99.5, '%', 'breached'],
      ['ttft-p95', 'p95 time to first token', 400, 'ms', 'met'],
      // No request carried tokens: kept as no data, not dropped.
      ['tokens-p10', 'p10 tokens/s', 20, 'tokens/s', 'no-data'],
    ]);
    // Nothing large or only of use on the night.
    expect(Object.keys(entry)).not.toContain('burnRates');
    expect(JSON.stringify(entry).length).toBeLessThan(2_500);
  });

  it('read back what was kept, and pass over what is not an entry', async () => {
    const entry = await night('2026-11-21T02:20:00Z', 900);
    expect(parseHistoryEntry(JSON.stringify(entry))).toEqual(entry);
    expect(parseHistoryEntry('{"version":1,"slo":"x"')).toBeUndefined();
    expect(parseHistoryEntry(JSON.stringify({ ...entry, version: 2 }))).toBeUndefined();
    expect(parseHistoryEntry(JSON.stringify({ ...entry, generatedAt: 'yesterday' }))).toBeUndefined();
    expect(parseHistoryEntry('null')).toBeUndefined();
  });
});

describe('the automatic baseline', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([undefined, 5, null])).toBe(5);
    expect(median([])).toBeUndefined();
    // A week of nightly runs unless the SLO file says otherwise.
    expect(spec.baselineReports).toBe(7);
  });

  it("takes each figure's median over the newest kept reports of the service, so one bad night moves nothing", async () => {
    // Newest first, as the history port reads them; the oldest is beyond baselineReports.
    const kept = [
      await night('2026-11-27T02:17:00Z', 700),
      await night('2026-11-26T02:17:00Z', 2_000, 10), // the one bad night
      await night('2026-11-25T02:17:00Z', 650),
      await night('2026-11-24T02:17:00Z', 9_999, 50),
    ];
    const baseline = medianBaseline(new Map([['llm-chat', kept]]), 3);
    expect(baseline?.origin).toBe('median of the last 3 kept reports, 2026-11-25 to 2026-11-27');
    expect(baseline?.generatedAt).toBe('2026-11-27T02:17:00.000Z');
    const stats = baseline?.services[0];
    expect(stats?.latencyMs.p95).toBe(700);
    expect(stats?.errorRate).toBe(0);
    expect(stats?.ttftMs?.p95).toBe(150);
    expect(stats?.tokensPerSecond).toBeUndefined();
    expect(medianBaseline(new Map([['llm-chat', []]]), 7)).toBeUndefined();
    expect(medianBaseline(new Map([['llm-chat', kept.slice(0, 1)]]), 7)?.origin).toBe(
      'median of the last 1 kept report, 2026-11-27',
    );
  });

  it('flags tonight against it as against a baseline file', async () => {
    const kept = [await night('2026-11-27T02:17:00Z', 700), await night('2026-11-26T02:17:00Z', 720)];
    const baseline = medianBaseline(new Map([['llm-chat', kept]]), 7);
    const report = await evaluateSlo(
      spec,
      { kind: 'samples', format: 'jsonl', origin: 'r.jsonl', samples: requests(900, 0) },
      { now: new Date('2026-11-28T02:17:00Z'), baseline, baselineOrigin: baseline?.origin },
    );
    expect(report.baseline).toBe('median of the last 2 kept reports, 2026-11-26 to 2026-11-27');
    expect(report.regressions.find((r) => r.metric === 'p95 latency (ms)')).toMatchObject({
      baseline: 710,
      current: 900,
      regressed: true,
    });
  });
});

describe('the trend', () => {
  it('shows the last nights oldest first: a table of the figures, then a chart per objective', async () => {
    const kept = [
      await night('2026-11-26T02:17:00Z', 1_300, 2),
      await night('2026-11-25T02:17:00Z', 900),
      await night('2026-11-24T02:17:00Z', 800),
    ];
    const lines = renderSloTrend(new Map([['llm-chat', kept]])).split('\n');
    expect(lines.slice(0, 7)).toEqual([
      '### Trend: llm-chat, last 3 nights',
      '',
      '| Night | Run | Requests | p95 latency | p95 TTFT | Error rate | Objectives |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      '| 2026-11-24 02:17 | [24](https://github.com/o/r/actions/runs/24) | 100 | 800 ms | 150 ms | 0% | ❌ 3/4 met |',
      '| 2026-11-25 02:17 | [25](https://github.com/o/r/actions/runs/25) | 100 | 900 ms | 150 ms | 0% | ❌ 3/4 met |',
      '| 2026-11-26 02:17 | [26](https://github.com/o/r/actions/runs/26) | 100 | 1300 ms | 150 ms | 2% | ❌ 1/4 met |',
    ]);
    const latency = lines.indexOf('  title "llm-chat latency-p95: p95 latency (ms)"');
    expect(lines.slice(latency - 2, latency + 8)).toEqual([
      '```mermaid',
      'xychart-beta',
      '  title "llm-chat latency-p95: p95 latency (ms)"',
      '  x-axis ["11-24", "11-25", "11-26"]',
      '  y-axis "ms" 0 --> 1500',
      '  line [800, 900, 1300]',
      '  line [1200, 1200, 1200]',
      '```',
      '',
      'p95 latency <= 1200 ms: the flat line is the objective (1200 ms).',
    ]);
    // Availability sits just under 100%: its axis starts a point below the lowest night.
    const availability = lines.indexOf('  title "llm-chat availability: availability (%)"');
    expect(lines.slice(availability + 1, availability + 5)).toEqual([
      '  x-axis ["11-24", "11-25", "11-26"]',
      '  y-axis "%" 97 --> 100',
      '  line [100, 100, 98]',
      '  line [99.5, 99.5, 99.5]',
    ]);
    // An objective no night measured has no chart.
    expect(lines.some((line) => line.includes('tokens-p10'))).toBe(false);
  });

  it('gives two runs of one day their times, and one objective its own trend for the incident', async () => {
    const kept = [
      await night('2026-11-26T14:05:00Z', 1_300, 0, '2'),
      await night('2026-11-26T02:17:00Z', 900, 0, '1'),
    ];
    const trend = renderObjectiveTrend(kept, 'latency-p95').split('\n');
    expect(trend).toContain('  x-axis ["11-26 02:17", "11-26 14:05"]');
    expect(trend.slice(-5)).toEqual([
      '| Night | Actual | Status |',
      '| --- | --- | --- |',
      '| 2026-11-26 02:17 | 900 ms | ✅ met |',
      '| 2026-11-26 14:05 | 1300 ms | ❌ breached |',
      '',
    ]);
    expect(trend[0]).toBe('**Last 2 nights**');
    expect(renderObjectiveTrend(kept, 'no-such-objective')).toBe('');
    expect(renderSloTrend(new Map())).toBe('');
  });
});
