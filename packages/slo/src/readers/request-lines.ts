import { ConfigurationError, type SourceLocation } from '@terrarium/core';
import { type RequestSample, type SampleBatches, sampleBatches } from '../sli-types.js';
import { csvRecords } from './csv-records.js';
import { ascii, BYTE, JsonLineScanner, StringCache } from './json-line-scanner.js';
import { eachLine, lineChunks } from './line-chunks.js';
import { parseNumber, parseStatus, parseSuccess, parseTimestamp } from './parse-fields.js';

export const REQUEST_LINES_EXPECTED =
  'one request per line with durationMs and success or status (optional timestamp, name, url, ttftMs, tokens)';

/** The fields of one request line, as JSON.parse would give them. */
interface RequestFields {
  timestamp: unknown;
  durationMs: unknown;
  success: unknown;
  status: unknown;
  name: unknown;
  url: unknown;
  ttftMs: unknown;
  tokens: unknown;
}

function toSample(fields: RequestFields | Record<string, unknown>, where: SourceLocation): RequestSample {
  return {
    kind: 'request',
    timestamp: parseTimestamp(fields.timestamp, where, 'timestamp'),
    durationMs: parseNumber(fields.durationMs, where, 'durationMs', true),
    success: parseSuccess(fields.success, fields.status, where),
    status: parseStatus(fields.status),
    weight: 1,
    name: typeof fields.name === 'string' && fields.name !== '' ? fields.name : undefined,
    url: typeof fields.url === 'string' && fields.url !== '' ? fields.url : undefined,
    role: undefined,
    ttftMs: parseNumber(fields.ttftMs, where, 'ttftMs'),
    tokens: parseNumber(fields.tokens, where, 'tokens'),
  };
}

const KEYS: [Uint8Array, keyof RequestFields][] = (
  ['timestamp', 'durationMs', 'success', 'status', 'name', 'url', 'ttftMs', 'tokens'] as const
).map((key) => [ascii(key), key]);

/**
 * Reads one line's object into `fields` straight from the bytes; false when the line has a shape
 * the scanner leaves to JSON.parse (escapes, exponents, arrays, or not an object at all).
 */
function scanRequestLine(
  scanner: JsonLineScanner,
  fields: RequestFields,
  names: StringCache,
  urls: StringCache,
): boolean {
  if (!scanner.take(BYTE.OPEN)) return false;
  if (scanner.take(BYTE.CLOSE)) return scanner.atEnd();
  do {
    if (!scanner.string()) return false;
    let key: keyof RequestFields | undefined;
    for (const [bytes, name] of KEYS) {
      if (scanner.stringIs(bytes)) {
        key = name;
        break;
      }
    }
    if (!scanner.take(BYTE.COLON)) return false;
    if (key === undefined) {
      if (!scanner.skipValue()) return false;
      continue;
    }
    if ((key === 'name' || key === 'url') && scanner.peek() === BYTE.QUOTE) {
      if (!scanner.string()) return false;
      fields[key] = (key === 'name' ? names : urls).decode(scanner);
      continue;
    }
    const value = scanner.scalar();
    if (value === undefined) return false;
    fields[key] = value;
  } while (scanner.take(BYTE.COMMA));
  return scanner.take(BYTE.CLOSE) && scanner.atEnd();
}

const BATCH = 4096;

/**
 * Terrarium's per-request JSON lines, streamed a chunk of the file at a time. The common line
 * shape is read from the bytes (JsonLineScanner); any other line goes through JSON.parse, so both
 * ways give the same requests and the same errors.
 */
export function readRequestJsonLines(file: string): SampleBatches {
  return sampleBatches(async function* () {
    const scanner = new JsonLineScanner();
    const names = new StringCache();
    const urls = new StringCache();
    const fields: RequestFields = {
      timestamp: undefined,
      durationMs: undefined,
      success: undefined,
      status: undefined,
      name: undefined,
      url: undefined,
      ttftMs: undefined,
      tokens: undefined,
    };
    const where = { file, line: 0 };
    let lineNumber = 1;
    let any = false;
    let batch: RequestSample[] = [];
    const line = (start: number, end: number, number: number) => {
      where.line = number;
      scanner.reset(chunkBuffer, start, end);
      if (scanner.atEnd()) return;
      fields.timestamp = undefined;
      fields.durationMs = undefined;
      fields.success = undefined;
      fields.status = undefined;
      fields.name = undefined;
      fields.url = undefined;
      fields.ttftMs = undefined;
      fields.tokens = undefined;
      scanner.reset(chunkBuffer, start, end);
      any = true;
      if (scanRequestLine(scanner, fields, names, urls)) batch.push(toSample(fields, where));
      else batch.push(toSample(parseLine(chunkBuffer.toString('utf8', start, end), where), where));
    };
    let chunkBuffer: Buffer = Buffer.alloc(0);
    for await (const chunk of lineChunks(file)) {
      chunkBuffer = chunk.buffer;
      lineNumber = eachLine(chunk, lineNumber, line);
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
    if (!any) throw new ConfigurationError(`is empty; expected ${REQUEST_LINES_EXPECTED}`, { file });
  });
}

function parseLine(text: string, where: SourceLocation): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigurationError(
      `is not a JSON object (cut short?); expected ${REQUEST_LINES_EXPECTED}`,
      where,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigurationError(`is not a JSON object; expected ${REQUEST_LINES_EXPECTED}`, where);
  }
  return parsed as Record<string, unknown>;
}

/** The same fields as CSV with a header line, streamed. */
export function readRequestCsv(file: string): SampleBatches {
  return sampleBatches(async function* () {
    let batch: RequestSample[] = [];
    for await (const { line, fields } of csvRecords(
      file,
      ['durationMs'],
      `CSV with ${REQUEST_LINES_EXPECTED}`,
    )) {
      batch.push(toSample(fields, { file, line }));
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  });
}
