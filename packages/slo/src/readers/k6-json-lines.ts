import { ConfigurationError, type SourceLocation } from '@terrarium/core';
import { type RequestSample, type SampleBatches, sampleBatches } from '../sli-types.js';
import { isRecord } from './json-document.js';
import { ascii, BYTE, isoMillis, JsonLineScanner, StringCache } from './json-line-scanner.js';
import { eachLine, lineChunks } from './line-chunks.js';

export const K6_JSON_EXPECTED =
  'k6 --out json output: one JSON object per line, {"type":"Metric",...} and {"type":"Point","metric":"http_req_duration","data":{"time","value","tags"}}';

/** Time-to-first-token trends a k6 script may define (as in the summary reader); their points are TTFT. */
export const K6_TTFT_METRICS = ['ttft', 'time_to_first_token', 'llm_ttft'];

type Metric = 'duration' | 'failed' | 'ttft';

interface Point {
  metric: Metric;
  time: string | undefined;
  value: number;
  name: string | undefined;
  url: string | undefined;
  status: string | undefined;
  expectedResponse: string | undefined;
}

const METRICS: [Uint8Array, Metric][] = [
  [ascii('http_req_duration'), 'duration'],
  [ascii('http_req_failed'), 'failed'],
  ...K6_TTFT_METRICS.map((name): [Uint8Array, Metric] => [ascii(name), 'ttft']),
];
const POINT_PREFIX = ascii('{"metric":"');
const POINT_MIDDLE = ascii('","type":"Point","data":');
const METRIC_PREFIX = ascii('{"type":"Metric"');
const TIME = ascii('time');
const VALUE = ascii('value');
const TAGS = ascii('tags');
const TAG_NAME = ascii('name');
const TAG_URL = ascii('url');
const TAG_STATUS = ascii('status');
const TAG_EXPECTED = ascii('expected_response');

/**
 * Reads a line the way k6 writes it (`{"metric":"http_req_duration","type":"Point","data":{...}}`)
 * from the bytes. Returns the point, null for a line that is surely not one we need (another
 * metric, a Metric definition), or undefined to leave the line to JSON.parse.
 */
function scanK6Line(
  scanner: JsonLineScanner,
  point: Point,
  caches: { names: StringCache; urls: StringCache; statuses: StringCache },
): Point | null | undefined {
  // A line passed over unread must still look whole: a cut one goes to JSON.parse, which says so.
  const whole = scanner.buffer[scanner.end - 1] === BYTE.CLOSE;
  if (scanner.takeBytes(METRIC_PREFIX)) return whole ? null : undefined;
  if (!scanner.takeBytes(POINT_PREFIX)) return undefined;
  scanner.pos -= 1;
  if (!scanner.string()) return undefined;
  let metric: Metric | undefined;
  for (const [bytes, name] of METRICS) {
    if (scanner.stringIs(bytes)) {
      metric = name;
      break;
    }
  }
  if (metric === undefined) return whole ? null : undefined;
  scanner.pos -= 1;
  if (!scanner.takeBytes(POINT_MIDDLE) || !scanner.take(BYTE.OPEN)) return undefined;
  point.metric = metric;
  point.time = undefined;
  point.value = Number.NaN;
  point.name = undefined;
  point.url = undefined;
  point.status = undefined;
  point.expectedResponse = undefined;
  do {
    if (!scanner.string()) return undefined;
    if (scanner.stringIs(TIME)) {
      if (!scanner.take(BYTE.COLON) || !scanner.string()) return undefined;
      point.time = scanner.stringValue();
    } else if (scanner.stringIs(VALUE)) {
      if (!scanner.take(BYTE.COLON)) return undefined;
      point.value = scanner.number();
      if (Number.isNaN(point.value)) return undefined;
    } else if (scanner.stringIs(TAGS)) {
      if (!scanner.take(BYTE.COLON) || !scanTags(scanner, point, caches)) return undefined;
    } else if (!scanner.take(BYTE.COLON) || !scanner.skipValue()) return undefined;
  } while (scanner.take(BYTE.COMMA));
  if (!scanner.take(BYTE.CLOSE) || !scanner.take(BYTE.CLOSE) || !scanner.atEnd()) return undefined;
  return point;
}

function scanTags(
  scanner: JsonLineScanner,
  point: Point,
  caches: { names: StringCache; urls: StringCache; statuses: StringCache },
): boolean {
  if (scanner.literal() === null) return true;
  if (!scanner.take(BYTE.OPEN)) return false;
  if (scanner.take(BYTE.CLOSE)) return true;
  do {
    if (!scanner.string()) return false;
    const isName = scanner.stringIs(TAG_NAME);
    const isUrl = !isName && scanner.stringIs(TAG_URL);
    const isStatus = !isName && !isUrl && scanner.stringIs(TAG_STATUS);
    const isExpected = !isName && !isUrl && !isStatus && scanner.stringIs(TAG_EXPECTED);
    if (!scanner.take(BYTE.COLON)) return false;
    if (isName || isUrl || isStatus || isExpected) {
      if (!scanner.string()) return false;
      if (isName) point.name = caches.names.decode(scanner);
      else if (isUrl) point.url = caches.urls.decode(scanner);
      else if (isStatus) point.status = caches.statuses.decode(scanner);
      else point.expectedResponse = scanner.stringValue();
    } else if (!scanner.skipValue()) return false;
  } while (scanner.take(BYTE.COMMA));
  return scanner.take(BYTE.CLOSE);
}

/** The same point from a parsed line, in any key order k6 has used (older versions put `metric` last). */
function pointFromObject(line: unknown, where: SourceLocation, point: Point): Point | null {
  if (!isRecord(line)) {
    throw new ConfigurationError(`is not a JSON object; expected ${K6_JSON_EXPECTED}`, where);
  }
  if (line.type !== 'Point' || typeof line.metric !== 'string') return null;
  const metric: Metric | undefined =
    line.metric === 'http_req_duration'
      ? 'duration'
      : line.metric === 'http_req_failed'
        ? 'failed'
        : K6_TTFT_METRICS.includes(line.metric)
          ? 'ttft'
          : undefined;
  if (metric === undefined) return null;
  const data = isRecord(line.data) ? line.data : {};
  const tags = isRecord(data.tags) ? data.tags : {};
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  point.metric = metric;
  point.time = text(data.time);
  point.value = typeof data.value === 'number' ? data.value : Number.NaN;
  point.name = text(tags.name);
  point.url = text(tags.url);
  point.status = text(tags.status);
  point.expectedResponse = text(tags.expected_response);
  if (Number.isNaN(point.value)) {
    throw new ConfigurationError(
      `a ${line.metric} point has no numeric data.value; expected ${K6_JSON_EXPECTED}`,
      where,
    );
  }
  return point;
}

function timeOf(point: Point, where: SourceLocation): number | undefined {
  if (point.time === undefined) return undefined;
  const fast = isoMillis(point.time);
  const time = Number.isNaN(fast) ? Date.parse(point.time) : fast;
  if (Number.isNaN(time)) {
    throw new ConfigurationError(
      `data.time "${point.time}" is not a time; expected ${K6_JSON_EXPECTED}`,
      where,
    );
  }
  return time;
}

const BATCH = 4096;

/**
 * k6's raw output (`k6 run --out json=results.json`), streamed: one request per
 * http_req_duration point, with its exact latency, time and tags. k6 writes a request's points
 * together with the same time and tags, http_req_failed among them: the failed point that follows
 * a duration point with the same time decides its success; without one, the expected_response tag,
 * and without that the status tag (0 or >= 400 failed). Points of a `ttft` trend (or
 * time_to_first_token, llm_ttft) are times to first token. Other metrics are passed over.
 */
export function readK6JsonLines(file: string): SampleBatches {
  return sampleBatches(async function* () {
    const scanner = new JsonLineScanner();
    const caches = { names: new StringCache(), urls: new StringCache(), statuses: new StringCache() };
    const point: Point = {
      metric: 'duration',
      time: undefined,
      value: 0,
      name: undefined,
      url: undefined,
      status: undefined,
      expectedResponse: undefined,
    };
    const where = { file, line: 0 };
    let batch: RequestSample[] = [];
    let objects = 0;
    let pending: RequestSample | undefined;
    let pendingTime: string | undefined;
    let pendingFailed: number | undefined;
    let pendingExpected: string | undefined;
    const flush = () => {
      if (!pending) return;
      if (pendingFailed !== undefined) pending.success = pendingFailed === 0;
      else if (pendingExpected !== undefined) pending.success = pendingExpected === 'true';
      else pending.success = pending.status !== undefined && pending.status > 0 && pending.status < 400;
      batch.push(pending);
      pending = undefined;
    };
    let chunkBuffer: Buffer = Buffer.alloc(0);
    const line = (start: number, end: number, number: number) => {
      where.line = number;
      scanner.reset(chunkBuffer, start, end);
      if (scanner.atEnd()) return;
      objects += 1;
      scanner.reset(chunkBuffer, start, end);
      let found = scanK6Line(scanner, point, caches);
      if (found === undefined) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(chunkBuffer.toString('utf8', start, end));
        } catch {
          throw new ConfigurationError(
            `is not a JSON object (cut short?); expected ${K6_JSON_EXPECTED}`,
            where,
          );
        }
        found = pointFromObject(parsed, where, point);
      }
      if (found === null) return;
      if (found.metric === 'failed') {
        if (pending && found.time === pendingTime) {
          pendingFailed = found.value;
          flush();
        }
        return;
      }
      const status =
        found.status !== undefined && /^[0-9]{1,3}$/.test(found.status) ? Number(found.status) : undefined;
      const sample: RequestSample = {
        kind: found.metric === 'ttft' ? 'ttft' : 'request',
        timestamp: timeOf(found, where),
        durationMs: found.metric === 'ttft' ? Number.NaN : found.value,
        success: true,
        status,
        weight: 1,
        name: found.name,
        url: found.url,
        role: undefined,
        ttftMs: found.metric === 'ttft' ? found.value : undefined,
        tokens: undefined,
      };
      if (found.metric === 'ttft') {
        batch.push(sample);
        return;
      }
      flush();
      pending = sample;
      pendingTime = found.time;
      pendingFailed = undefined;
      pendingExpected = found.expectedResponse;
    };
    let lineNumber = 1;
    for await (const chunk of lineChunks(file)) {
      chunkBuffer = chunk.buffer;
      lineNumber = eachLine(chunk, lineNumber, line);
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
    flush();
    if (batch.length > 0) yield batch;
    if (objects === 0) throw new ConfigurationError(`is empty; expected ${K6_JSON_EXPECTED}`, { file });
  });
}
