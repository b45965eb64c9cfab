// A results file of 1,000,000 lines to a report, two ways, in one run: Terrarium's streaming path
// (readResults + evaluateSlo) against the naive script anyone would write first (readline, JSON.parse
// every line, keep every latency in an array, sort it, index). Once for Terrarium's request lines
// (JSONL) and once for k6's raw `--out json` (1,000,000 points: 100,000 requests of ten points each).
// Goals: the streaming path at least 2x faster than the naive one, and flat memory.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { silentLogger } from '@terrarium/core';
import { evaluateSlo, type FileFormat, parseSloText, readResults } from '@terrarium/slo';
import { lognormal } from './lognormal.js';

const LINES = Number(process.env.BENCH_SAMPLES ?? 1_000_000);
const GOALS = { speedup: 2, growthMb: 100 };

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function writeLines(file: string, count: number, line: (i: number) => string): Promise<void> {
  const out = createWriteStream(file);
  let buffered = '';
  for (let i = 0; i < count; i += 1) {
    buffered += line(i);
    if (buffered.length > 1 << 20) {
      if (!out.write(buffered)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      buffered = '';
    }
  }
  out.write(buffered);
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

interface Run {
  ms: number;
  peakRssMb: number;
  rssGrowthMb: number;
  peakHeapMb: number;
  p95: number;
}

/** Times one pass and samples RSS and heap every 5 ms, against what they were before it. */
async function measure(pass: () => Promise<number>): Promise<Run> {
  gc();
  const mb = (bytes: number) => bytes / 2 ** 20;
  const before = process.memoryUsage();
  let peakRss = mb(before.rss);
  let peakHeap = mb(before.heapUsed);
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, mb(now.rss));
    peakHeap = Math.max(peakHeap, mb(now.heapUsed));
  }, 5);
  const started = performance.now();
  const p95 = await pass();
  const ms = performance.now() - started;
  clearInterval(sampler);
  const after = process.memoryUsage();
  peakRss = Math.max(peakRss, mb(after.rss));
  peakHeap = Math.max(peakHeap, mb(after.heapUsed));
  return { ms, peakRssMb: peakRss, rssGrowthMb: peakRss - mb(before.rss), peakHeapMb: peakHeap, p95 };
}

/** The naive script: every line through readline and JSON.parse, every latency kept, one sort. */
async function naive(
  file: string,
  pick: (line: Record<string, unknown>) => number | undefined,
): Promise<number> {
  const values: number[] = [];
  for await (const line of createInterface({
    input: createReadStream(file),
    crlfDelay: Number.POSITIVE_INFINITY,
  })) {
    if (line === '') continue;
    const value = pick(JSON.parse(line) as Record<string, unknown>);
    if (value !== undefined) values.push(value);
  }
  values.sort((a, b) => a - b);
  return values[Math.ceil(0.95 * values.length) - 1] ?? Number.NaN;
}

const spec = parseSloText(
  'apiVersion: terrarium.dev/v1alpha1\nkind: SLO\nmetadata: { name: bench }\nspec:\n  services:\n    - name: llm-chat\n      objectives:\n        - { name: latency-p95, indicator: latency, percentile: 95, threshold: 1200 }\n        - { name: availability, indicator: availability, target: 0.995 }\n',
  'bench.slo.yaml',
);

async function streaming(file: string, format: FileFormat): Promise<number> {
  const report = await evaluateSlo(spec, await readResults([file], format, silentLogger));
  return report.services[0]?.latencyMs.p95 ?? Number.NaN;
}

function row(label: string, run: Run): string {
  return `${label.padEnd(22)} ${run.ms.toFixed(0).padStart(7)} ms   peak RSS ${run.peakRssMb.toFixed(0).padStart(5)} MB (+${run.rssGrowthMb.toFixed(0)} MB)   peak heap ${run.peakHeapMb.toFixed(0).padStart(5)} MB   p95 ${run.p95.toFixed(1)} ms`;
}

/** Best of three alternating passes each, so neither way pays alone for a cold cache or a busy core. */
async function compare(
  title: string,
  file: string,
  format: FileFormat,
  pick: (line: Record<string, unknown>) => number | undefined,
): Promise<string[]> {
  const ours: Run[] = [];
  const theirs: Run[] = [];
  for (let round = 0; round < 3; round += 1) {
    ours.push(await measure(() => streaming(file, format)));
    theirs.push(await measure(() => naive(file, pick)));
  }
  const best = (runs: Run[]) => runs.reduce((a, b) => (b.ms < a.ms ? b : a));
  const fast = best(ours);
  const slow = best(theirs);
  const speedup = slow.ms / fast.ms;
  const error = Math.abs(fast.p95 - slow.p95) / slow.p95;
  print(`\n${title}`);
  print(row('streaming (Terrarium)', fast));
  print(row('naive (baseline)', slow));
  print(
    `speed-up ${speedup.toFixed(2)}x (goal >= ${GOALS.speedup}x); p95 differs by ${(error * 100).toFixed(3)}% (histogram bound 1%)`,
  );
  const failures: string[] = [];
  if (speedup < GOALS.speedup) failures.push(`${title}: ${speedup.toFixed(2)}x, goal ${GOALS.speedup}x`);
  if (fast.rssGrowthMb > GOALS.growthMb)
    failures.push(`${title}: RSS grew ${fast.rssGrowthMb.toFixed(0)} MB, goal < ${GOALS.growthMb} MB`);
  if (error > 0.01 + 1e-9) failures.push(`${title}: p95 off by ${(error * 100).toFixed(3)}%`);
  return failures;
}

const dir = await mkdtemp(join(tmpdir(), 'slo-streaming-bench-'));
const failures: string[] = [];
try {
  const next = lognormal(42);
  const start = Date.parse('2026-11-21T22:00:00Z');

  const jsonl = join(dir, 'requests.jsonl');
  await writeLines(
    jsonl,
    LINES,
    (i) =>
      `{"timestamp":${start + i * 3},"durationMs":${next().toFixed(1)},"success":${i % 997 !== 0},"name":"chat"}\n`,
  );
  failures.push(
    ...(await compare(`${LINES.toLocaleString('en')}-line request JSONL -> report`, jsonl, 'jsonl', (line) =>
      typeof line.durationMs === 'number' ? line.durationMs : undefined,
    )),
  );

  // k6 --out json as k6 writes it: per request, ten points with the same time and tags.
  const k6 = join(dir, 'k6.json');
  const metrics = [
    'http_reqs',
    'http_req_duration',
    'http_req_blocked',
    'http_req_connecting',
    'http_req_tls_handshaking',
    'http_req_sending',
    'http_req_waiting',
    'http_req_receiving',
    'http_req_failed',
  ];
  let request = '';
  await writeLines(k6, LINES, (i) => {
    const point = i % 10;
    const n = Math.floor(i / 10);
    if (point === 0) {
      const failed = n % 997 === 0;
      const time = new Date(start + n * 30).toISOString().replace('Z', '123456+02:00');
      const tags = `{"expected_response":"${!failed}","group":"","method":"POST","name":"chat","proto":"HTTP/1.1","scenario":"default","status":"${failed ? 503 : 200}","url":"http://127.0.0.1:8080/v1/chat/completions"}`;
      const duration = next().toFixed(6);
      request = metrics
        .map((metric) => {
          const value =
            metric === 'http_reqs'
              ? 1
              : metric === 'http_req_duration'
                ? duration
                : metric === 'http_req_failed'
                  ? Number(failed)
                  : 0.01;
          return `{"metric":"${metric}","type":"Point","data":{"time":"${time}","value":${value},"tags":${tags}}}\n`;
        })
        .join('');
      return request.slice(0, request.indexOf('\n') + 1);
    }
    if (point < 9) {
      let at = 0;
      for (let k = 0; k < point; k += 1) at = request.indexOf('\n', at) + 1;
      return request.slice(at, request.indexOf('\n', at) + 1);
    }
    return `{"metric":"iterations","type":"Point","data":{"time":"2026-11-21T22:00:00.5+02:00","value":1,"tags":{"group":"","scenario":"default"}}}\n`;
  });
  failures.push(
    ...(await compare(`${LINES.toLocaleString('en')}-point k6 --out json -> report`, k6, 'k6-json', (line) =>
      line.type === 'Point' && line.metric === 'http_req_duration'
        ? ((line.data as { value: number }).value as number)
        : undefined,
    )),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
if (failures.length > 0) {
  print(`\ngoals missed: ${failures.join('; ')}`);
  process.exit(1);
}
print(`\ngoals met: both at least ${GOALS.speedup}x the naive baseline, RSS growing < ${GOALS.growthMb} MB`);
