import { describe, expect, it } from 'vitest';
import { evaluateSlo } from './evaluate.js';
import { parseSloText } from './parse-slo-file.js';
import { renderSloMarkdown } from './render-markdown.js';
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
`,
  '/x/slo.yaml',
);

async function* samples(failEvery: number): AsyncGenerator<RequestSample> {
  const start = Date.parse('2026-11-21T23:00:00Z');
  for (let i = 0; i < 600; i += 1) {
    yield requestSample({
      timestamp: start + i * 1000,
      durationMs: 100 + (i % 100) * 10,
      success: i % failEvery !== 0,
      name: 'chat',
    });
  }
}

const now = new Date('2026-11-22T00:00:00Z');

describe('renderSloMarkdown', () => {
  it('renders objectives, alerts, regressions, services and a mermaid chart', async () => {
    const baseline = await evaluateSlo(
      spec,
      { kind: 'samples', format: 'jsonl', origin: 'base.jsonl', samples: samples(1000) },
      { now },
    );
    const report = await evaluateSlo(
      spec,
      { kind: 'samples', format: 'jsonl', origin: 'run.jsonl', samples: samples(10) },
      { now, baseline, baselineOrigin: 'nightly-41/report.json' },
    );
    const markdown = renderSloMarkdown(report);
    expect(markdown).toContain('## SLO report: llm-platform: ❌ objectives breached');
    expect(markdown).toContain('Worst objective: **llm-chat/availability** with -1900% of its budget left.');
    expect(markdown).toContain(
      '| llm-chat | latency-p95 | p95 latency <= 1200 ms | 1040 ms | ✅ met | 100% |',
    );
    expect(markdown).toContain(
      '| llm-chat | availability | availability >= 99.5% | 90% | ❌ breached | -1900% |',
    );
    expect(markdown).toContain(
      '| llm-chat | ttft-p95 | p95 time to first token <= 400 ms | n/a | ⚠️ no data | n/a |',
    );
    expect(markdown).toContain('- llm-chat/ttft-p95: no request carried ttftMs');
    expect(markdown).toContain(
      '| llm-chat | availability | 1h / 5m (partial) | 20x / 20x | 14.4x | 🔥 page |',
    );
    expect(markdown).toContain('| llm-chat | error rate | 0.0017 | 0.1 | 📉 +5900% worse |');
    expect(markdown).toMatch(
      /```mermaid\nxychart-beta\n {2}title "llm-chat latency percentiles \(ms\)"\n {2}x-axis \["p50", "p90", "p95", "p99"\]\n {2}y-axis "ms" 0 --> 1188\n {2}bar \[590, 990, 1040, 1080\]\n```/,
    );
    expect(markdown).toMatchSnapshot();
  });

  it('says so when everything is met and nothing burns', async () => {
    const met = parseSloText(
      `apiVersion: terrarium.dev/v1alpha1
kind: SLO
metadata: { name: ok }
spec:
  services:
    - name: llm-chat
      objectives:
        - { name: latency-p95, indicator: latency, percentile: 95, threshold: 1200 }
`,
      '/x/ok.yaml',
    );
    const report = await evaluateSlo(
      met,
      { kind: 'samples', format: 'jsonl', origin: 'run.jsonl', samples: samples(1000) },
      { now },
    );
    const markdown = renderSloMarkdown(report);
    expect(markdown).toContain('## SLO report: ok: ✅ all objectives met');
    expect(markdown).toContain('No multi-window burn-rate alert would fire.');
    expect(markdown).not.toContain('Against the baseline');
  });
});
