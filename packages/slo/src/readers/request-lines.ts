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

const KEYS = {
  timestamp: ascii('timestamp'),
  durationMs: ascii('durationMs'),
  success: ascii('success'),
  status: ascii('status'),
  name: ascii('name'),
  url: ascii('url'),
  ttftMs: ascii('ttftMs'),
  tokens: ascii('tokens'),
} as const;

/** Which field the key just read names: by length and first letters, then checked byte for byte. */
function keyOf(scanner: JsonLineScanner): keyof RequestFields | undefined {
  const { buffer, stringStart } = scanner;
  switch (scanner.stringEnd - stringStart) {
    case 9:
      return scanner.stringIs(KEYS.timestamp) ? 'timestamp' : undefined;
    case 10:
      return scanner.stringIs(KEYS.durationMs) ? 'durationMs' : undefined;
    case 7:
      return scanner.stringIs(KEYS.success) ? 'success' : undefined;
    case 6:
      if (buffer[stringStart] === 0x73) return scanner.stringIs(KEYS.status) ? 'status' : undefined;
      if (buffer[stringStart + 1] === 0x74) return scanner.stringIs(KEYS.ttftMs) ? 'ttftMs' : undefined;
      return scanner.stringIs(KEYS.tokens) ? 'tokens' : undefined;
    case 4:
      return scanner.stringIs(KEYS.name) ? 'name' : undefined;
    case 3:
      return scanner.stringIs(KEYS.url) ? 'url' : undefined;
    default:
      return undefined;
  }
}

/** Reads the value of a known key into `fields`; false when it is not a plain scalar. */
function readValue(
  scanner: JsonLineScanner,
  key: keyof RequestFields,
  fields: RequestFields,
  caches: { names: StringCache; urls: StringCache },
): boolean {
  if ((key === 'name' || key === 'url') && scanner.peek() === BYTE.QUOTE) {
    if (!scanner.string()) return false;
    if (key === 'name') fields.name = caches.names.decode(scanner);
    else fields.url = caches.urls.decode(scanner);
    return true;
  }
  const value = scanner.scalar();
  if (value === undefined) return false;
  switch (key) {
    case 'timestamp':
      fields.timestamp = value;
      break;
    case 'durationMs':
      fields.durationMs = value;
      break;
    case 'success':
      fields.success = value;
      break;
    case 'status':
      fields.status = value;
      break;
    case 'name':
      fields.name = value;
      break;
    case 'url':
      fields.url = value;
      break;
    case 'ttftMs':
      fields.ttftMs = value;
      break;
    case 'tokens':
      fields.tokens = value;
      break;
  }
  return true;
}

/**
 * The keys of the last line read, in order, with the bytes before each value (`{"timestamp":`,
 * `,"durationMs":`). A tool writes every line alike, so the next line is first tried against
 * them: one byte comparison per key instead of reading and recognising it.
 */
class LineShape {
  prefixes: Uint8Array[] = [];
  keys: (keyof RequestFields)[] = [];
  valid = false;
}

function scanWithShape(
  scanner: JsonLineScanner,
  shape: LineShape,
  fields: RequestFields,
  caches: { names: StringCache; urls: StringCache },
): boolean {
  const { prefixes, keys } = shape;
  for (let i = 0; i < keys.length; i += 1) {
    const prefix = prefixes[i];
    const key = keys[i];
    if (!prefix || !key || !scanner.takeBytes(prefix) || !readValue(scanner, key, fields, caches))
      return false;
  }
  return scanner.take(BYTE.CLOSE) && scanner.atEnd();
}

/**
 * Reads one line's object into `fields` straight from the bytes, and records its shape; false
 * when the line has a shape the scanner leaves to JSON.parse (escapes, exponents, arrays, or not
 * an object at all).
 */
function scanRequestLine(
  scanner: JsonLineScanner,
  shape: LineShape,
  fields: RequestFields,
  caches: { names: StringCache; urls: StringCache },
): boolean {
  shape.valid = false;
  const prefixes: Uint8Array[] = [];
  const keys: (keyof RequestFields)[] = [];
  let cacheable = true;
  let before = scanner.pos;
  if (!scanner.take(BYTE.OPEN)) return false;
  if (scanner.take(BYTE.CLOSE)) return scanner.atEnd();
  do {
    if (!scanner.string()) return false;
    const key = keyOf(scanner);
    if (!scanner.take(BYTE.COLON)) return false;
    if (key === undefined) {
      cacheable = false;
      if (!scanner.skipValue()) return false;
    } else {
      prefixes.push(Uint8Array.prototype.slice.call(scanner.buffer, before, scanner.pos));
      keys.push(key);
      if (!readValue(scanner, key, fields, caches)) return false;
    }
    before = scanner.pos;
  } while (scanner.take(BYTE.COMMA));
  if (!scanner.take(BYTE.CLOSE) || !scanner.atEnd()) return false;
  if (cacheable) {
    shape.prefixes = prefixes;
    shape.keys = keys;
    shape.valid = true;
  }
  return true;
}

function clear(fields: RequestFields): void {
  fields.timestamp = undefined;
  fields.durationMs = undefined;
  fields.success = undefined;
  fields.status = undefined;
  fields.name = undefined;
  fields.url = undefined;
  fields.ttftMs = undefined;
  fields.tokens = undefined;
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
    const caches = { names: new StringCache(), urls: new StringCache() };
    const shape = new LineShape();
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
      any = true;
      clear(fields);
      scanner.reset(chunkBuffer, start, end);
      if (shape.valid && scanWithShape(scanner, shape, fields, caches)) {
        batch.push(toSample(fields, where));
        return;
      }
      clear(fields);
      scanner.reset(chunkBuffer, start, end);
      if (scanRequestLine(scanner, shape, fields, caches)) batch.push(toSample(fields, where));
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
