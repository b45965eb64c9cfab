// Percentiles of 1,000,000 latencies: the streaming histogram (fixed memory, +-1% by construction)
// against the exact way (keep every value, sort, index). Then the whole path a nightly run takes:
// a 1,000,000-line request JSONL streamed through readResults and evaluateSlo, with peak memory.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { silentLogger } from '@terrarium/core';
import { evaluateSlo, Histogram, parseSloText, RELATIVE_ERROR, readResults } from '@terrarium/slo';
import { lognormal } from './lognormal.js';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 1_000_000);
const PERCENTILES = [50, 90, 95, 99, 99.9];
const GOALS = { histogramMs: 1000, streamMs: 10_000, streamGrowthMb: 100 };

setFlagsFromString('--expose-gc');

/** Figures go to stdout; a benchmark prints, the packages never do. */
function print(line: string): void {
  process.stdout.write(`${line}\n`);
}
const gc = runInNewContext('gc') as () => void;

function heapMb(): number {
  return process.memoryUsage().heapUsed / 2 ** 20;
}

const next = lognormal(42);
const values = new Float64Array(SAMPLES);
for (let i = 0; i < SAMPLES; i += 1) values[i] = next();

gc();
let before = heapMb();
let started = performance.now();
const histogram = new Histogram();
for (const value of values) histogram.add(value);
const fromHistogram = PERCENTILES.map((p) => histogram.percentile(p) ?? Number.NaN);
const histogramMs = performance.now() - started;
const histogramHeap = heapMb() - before;

gc();
before = heapMb();
started = performance.now();
const kept: number[] = [];
for (const value of values) kept.push(value);
kept.sort((a, b) => a - b);
const exact = PERCENTILES.map((p) => kept[Math.ceil((p / 100) * kept.length) - 1] ?? Number.NaN);
const exactMs = performance.now() - started;
const exactHeap = heapMb() - before;

print(`${SAMPLES.toLocaleString('en')} samples, log-normal latencies (median 400 ms)`);
print('percentile   histogram      exact   rel. error');
PERCENTILES.forEach((p, i) => {
  const h = fromHistogram[i] ?? Number.NaN;
  const e = exact[i] ?? Number.NaN;
  print(
    `p${String(p).padEnd(10)} ${h.toFixed(1).padStart(10)} ${e.toFixed(1).padStart(10)} ${((Math.abs(h - e) / e) * 100).toFixed(3).padStart(10)}%`,
  );
});
const worstError = Math.max(
  ...PERCENTILES.map((_, i) => Math.abs((fromHistogram[i] ?? 0) - (exact[i] ?? 1)) / (exact[i] ?? 1)),
);
print(
  `histogram: ${histogramMs.toFixed(0)} ms, heap +${histogramHeap.toFixed(1)} MB (fixed: ~10 KB of counters)`,
);
print(
  `exact sort (baseline): ${exactMs.toFixed(0)} ms, heap +${exactHeap.toFixed(1)} MB (grows with the samples)`,
);
print(
  `speed-up ${(exactMs / histogramMs).toFixed(1)}x; worst error ${(worstError * 100).toFixed(3)}% (bound ${RELATIVE_ERROR * 100}%)`,
);

// The whole path: stream a JSONL file of SAMPLES requests through the reader and the evaluation.
const dir = await mkdtemp(join(tmpdir(), 'slo-bench-'));
const file = join(dir, 'requests.jsonl');
const out = createWriteStream(file);
const start = Date.parse('2026-11-21T22:00:00Z');
for (let i = 0; i < SAMPLES; i += 1) {
  const line = `{"timestamp":${start + i * 3},"durationMs":${(values[i] ?? 0).toFixed(1)},"success":${i % 997 !== 0},"name":"chat"}\n`;
  if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
}
await new Promise<void>((resolve) => out.end(() => resolve()));
const spec = parseSloText(
  'apiVersion: terrarium.dev/v1alpha1\nkind: SLO\nmetadata: { name: bench }\nspec:\n  services:\n    - name: llm-chat\n      objectives:\n        - { name: latency-p95, indicator: latency, percentile: 95, threshold: 1200 }\n        - { name: availability, indicator: availability, targetPercent: 99.5 }\n',
  'bench.slo.yaml',
);
kept.length = 0;
gc();
const rssBefore = process.memoryUsage().rss / 2 ** 20;
let peakRss = rssBefore;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss / 2 ** 20);
}, 5);
started = performance.now();
const report = await evaluateSlo(spec, await readResults([file], 'jsonl', silentLogger));
const streamMs = performance.now() - started;
clearInterval(sampler);
await rm(dir, { recursive: true, force: true });
const p95 = report.services[0]?.latencyMs.p95 ?? Number.NaN;
print(
  `stream ${SAMPLES.toLocaleString('en')}-line JSONL -> report: ${streamMs.toFixed(0)} ms, peak RSS ${peakRss.toFixed(0)} MB, +${(peakRss - rssBefore).toFixed(0)} MB over the ${rssBefore.toFixed(0)} MB before; p95 ${p95.toFixed(1)} ms vs exact ${(exact[2] ?? 0).toFixed(1)}`,
);

const failures: string[] = [];
if (histogramMs > GOALS.histogramMs)
  failures.push(`histogram took ${histogramMs.toFixed(0)} ms (goal < ${GOALS.histogramMs})`);
if (worstError > RELATIVE_ERROR + 1e-9)
  failures.push(`error ${(worstError * 100).toFixed(3)}% above the ${RELATIVE_ERROR * 100}% bound`);
if (streamMs > GOALS.streamMs)
  failures.push(`streaming took ${streamMs.toFixed(0)} ms (goal < ${GOALS.streamMs})`);
if (peakRss - rssBefore > GOALS.streamGrowthMb)
  failures.push(
    `streaming grew RSS by ${(peakRss - rssBefore).toFixed(0)} MB (goal < ${GOALS.streamGrowthMb})`,
  );
if (failures.length > 0) {
  print(`goals missed: ${failures.join('; ')}`);
  process.exit(1);
}
print(
  `goals met: histogram < ${GOALS.histogramMs} ms, error <= ${RELATIVE_ERROR * 100}%, stream < ${GOALS.streamMs / 1000} s growing RSS < ${GOALS.streamGrowthMb} MB`,
);
