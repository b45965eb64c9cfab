import { writeFile } from 'node:fs/promises';
import { requireFromTestWorkspace } from './test-workspace.js';

/** The part of autocannon's result the demo prints; the whole result is what `--json` writes. */
export interface AutocannonResult {
  requests: { total: number; average: number };
  latency: { p50: number; p90: number; p99: number; average: number; max: number };
  errors: number;
  non2xx: number;
  duration: number;
  [field: string]: unknown;
}

interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  method: string;
  headers: Record<string, string>;
  body: string;
}

const autocannon = requireFromTestWorkspace('autocannon') as (
  options: AutocannonOptions,
) => Promise<AutocannonResult>;

export interface LoadTest {
  url: string;
  connections: number;
  durationSeconds: number;
}

/** A bounded load test on loopback, its result written as autocannon's `--json` output. */
export async function runLoadTest(test: LoadTest, resultFile: string): Promise<AutocannonResult> {
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(test.url))
    throw new Error(`load tests stay on loopback: ${test.url}`);
  const result = await autocannon({
    url: test.url,
    connections: test.connections,
    duration: test.durationSeconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'demo-chat',
      messages: [{ role: 'user', content: 'Say hello to the terrarium.' }],
    }),
  });
  await writeFile(resultFile, JSON.stringify(result, null, 2));
  return result;
}
