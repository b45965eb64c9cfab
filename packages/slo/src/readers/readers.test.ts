import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigurationError, silentLogger } from '@terrarium/core';
import { recordingLogger } from '@terrarium/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RequestSample } from '../sli-types.js';
import { readAutocannonJson } from './autocannon-json.js';
import { detectFormat } from './detect-format.js';
import { readJmeterCsv } from './jmeter-csv.js';
import { readK6Summary } from './k6-summary.js';
import { readResults } from './read-results.js';
import { readRequestCsv, readRequestJsonLines } from './request-lines.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../testing/fixtures/${name}`, import.meta.url));
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slo-readers-'));
});
async function temp(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}
async function all(samples: AsyncIterable<RequestSample>): Promise<RequestSample[]> {
  const out: RequestSample[] = [];
  for await (const s of samples) out.push(s);
  return out;
}

describe('readResults', () => {
  it('warns by name about a request file with a header and no requests, and reads the others', async () => {
    const headerOnly = await temp('header-only.csv', 'timeStamp,elapsed,label,responseCode,success\n');
    const logger = recordingLogger();
    const input = await readResults([headerOnly, fixture('jmeter-results.csv')], 'jmeter', logger);
    if (input.kind !== 'samples') throw new Error('expected samples');
    expect(await all(input.samples)).toHaveLength(4);
    expect(logger.lines.filter((line) => line.level === 'warning').map((line) => line.message)).toEqual([
      `${headerOnly}: has no requests in it (a header only); did the load test run?`,
    ]);
  });
});

describe('k6 summary export', () => {
  it('reads the run and the named sub-metric; http_req_failed passes are the failures', async () => {
    const [run, chat] = await readK6Summary(fixture('k6-summary.json'));
    expect(run).toMatchObject({ name: undefined, count: 1200, failures: 12, durationSeconds: 60.0125 });
    expect(run?.latencyMs.percentiles).toEqual({ '50': 430.2, '90': 910.7, '95': 1180.2, '99': 1990.6 });
    expect(run?.ttftMs?.percentiles['95']).toBe(402.7);
    expect(chat).toMatchObject({ name: 'chat', count: 800, failures: 10 });
    expect(chat?.latencyMs.percentiles['95']).toBe(1350.8);
  });

  it('reads the data handleSummary receives, figures nested under values', async () => {
    const file = await temp(
      'handle-summary.json',
      JSON.stringify({
        state: { testRunDurationMs: 30000 },
        metrics: {
          http_req_duration: {
            type: 'trend',
            contains: 'time',
            values: { avg: 50, min: 10, med: 45, max: 300, 'p(90)': 80, 'p(95)': 120 },
          },
          http_reqs: { type: 'counter', contains: 'default', values: { count: 600, rate: 20 } },
          http_req_failed: {
            type: 'rate',
            contains: 'default',
            values: { rate: 0.005, passes: 3, fails: 597 },
          },
        },
      }),
    );
    const [run] = await readK6Summary(file);
    expect(run).toMatchObject({ count: 600, failures: 3, durationSeconds: 30 });
    expect(run?.latencyMs).toEqual({
      min: 10,
      max: 300,
      mean: 50,
      percentiles: { '50': 45, '90': 80, '95': 120 },
    });
  });

  it('refuses JSON that is not a k6 summary, naming the file', async () => {
    const file = await temp('not-k6.json', '{"metrics":{}}');
    await expect(readK6Summary(file)).rejects.toThrow(
      `${file}: has no metrics.http_req_duration; expected a k6`,
    );
  });
});

describe('autocannon json', () => {
  it('maps p97_5 to 97.5 and counts errors and non-2xx answers as failures', async () => {
    const [run] = await readAutocannonJson(fixture('autocannon.json'));
    expect(run).toMatchObject({
      count: 1000,
      failures: 20,
      durationSeconds: 2.02,
      start: Date.parse('2026-11-21T23:40:00Z'),
    });
    expect(run?.latencyMs.percentiles).toMatchObject({
      '50': 19,
      '90': 25,
      '97.5': 30,
      '99': 38,
      '0.001': 11,
    });
  });
});

describe('JMeter CSV', () => {
  it('streams rows with quoted commas and doubled quotes', async () => {
    const rows = await all(readJmeterCsv(fixture('jmeter-results.csv')));
    expect(rows.map((r) => [r.durationMs, r.success, r.name])).toEqual([
      [812, true, 'chat'],
      [95, true, 'embed'],
      [1502, false, 'chat'],
      [640, true, 'chat'],
    ]);
    expect(rows[0]).toMatchObject({
      timestamp: 1763768400000,
      url: 'https://llm.example/v1/chat/completions',
    });
  });

  it.each([
    ['empty.csv', '', /empty\.csv: is empty; expected a JMeter CSV/],
    [
      'header.csv',
      'a,b,c\n1,2,3\n',
      /header\.csv:1: the header has no "timeStamp", "elapsed", "label", "success" column/,
    ],
    [
      'cut.csv',
      'timeStamp,elapsed,label,success\n1763768400000,812,chat,true\n1763768400500,95,em',
      /cut\.csv:3: has 3 fields where the header has 4; the file may be truncated/,
    ],
    [
      'nan.csv',
      'timeStamp,elapsed,label,success\n1763768400000,fast,chat,true\n',
      /nan\.csv:2: elapsed "fast" is not a number/,
    ],
    [
      'open-quote.csv',
      'timeStamp,elapsed,label,success\n1,2,"chat,true\n',
      /open-quote\.csv:2: a quoted field is never closed/,
    ],
  ])('%s fails naming file and line', async (name, text, expected) => {
    const file = await temp(name, text);
    const error = await all(readJmeterCsv(file)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(expected);
  });
});

describe('request lines', () => {
  it('reads JSONL with ISO and epoch timestamps, status or success, and LLM fields', async () => {
    const rows = await all(readRequestJsonLines(fixture('requests.jsonl')));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      timestamp: Date.parse('2026-11-21T23:00:00Z'),
      success: true,
      ttftMs: 210,
      tokens: 120,
    });
    expect(rows[1]?.success).toBe(false);
    expect(rows[2]).toMatchObject({ timestamp: 1763766002000, durationMs: 120.5, name: 'embed' });
  });

  it('reads the same fields from CSV', async () => {
    const rows = await all(readRequestCsv(fixture('requests.csv')));
    expect(rows.map((r) => [r.durationMs, r.success, r.ttftMs])).toEqual([
      [900, true, 210],
      [1400, false, undefined],
    ]);
  });

  it.each([
    [
      'cut.jsonl',
      '{"durationMs":1,"success":true}\n{"durationMs":2,"succ',
      /cut\.jsonl:2: is not a JSON object \(cut short\?\)/,
    ],
    ['empty.jsonl', '\n\n', /empty\.jsonl: is empty; expected one request per line/],
    ['nostatus.jsonl', '{"durationMs":1}\n', /nostatus\.jsonl:1: has neither success nor status/],
    ['nodur.jsonl', '{"success":true}\n', /nodur\.jsonl:1: durationMs is missing/],
  ])('%s fails naming file and line', async (name, text, expected) => {
    const file = await temp(name, text);
    await expect(all(readRequestJsonLines(file))).rejects.toThrow(expected);
  });
});

describe('format detection', () => {
  it.each([
    ['k6-summary.json', 'k6'],
    ['autocannon.json', 'autocannon'],
    ['jmeter-results.csv', 'jmeter'],
    ['requests.jsonl', 'jsonl'],
    ['requests.csv', 'csv'],
  ])('%s is %s', async (name, format) => {
    expect(await detectFormat(fixture(name))).toBe(format);
  });

  it('says which format it chose', async () => {
    const logger = recordingLogger();
    const input = await readResults([fixture('jmeter-results.csv')], 'auto', logger);
    expect(input.format).toBe('jmeter');
    expect(logger.lines).toContainEqual({
      level: 'info',
      message: `Results format: detected jmeter from ${fixture('jmeter-results.csv')}`,
    });
  });

  it.each([
    [
      'cut.json',
      '{\n  "metrics": {"http_req_duration": {',
      /cut\.json: is not complete JSON .*the file may be truncated/,
    ],
    ['other.json', '{"hello": 1}', /other\.json: is JSON but not a format Terrarium reads/],
    ['blank.txt', '   \n', /blank\.txt: is empty; expected k6/],
    ['words.txt', 'hello world\n', /words\.txt: cannot tell the format of this file/],
  ])('%s is refused with what was expected', async (name, text, expected) => {
    const file = await temp(name, text);
    await expect(readResults([file], 'auto', silentLogger)).rejects.toThrow(expected);
  });

  it('names a missing file', async () => {
    await expect(readResults(['/nope/r.json'], 'auto', silentLogger)).rejects.toThrow(
      '/nope/r.json: cannot read the results file (ENOENT)',
    );
  });
});
