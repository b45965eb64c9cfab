import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ConfigurationError, type SourceLocation } from '@terrarium/core';
import type { RequestSample } from '../sli-types.js';
import { csvRecords } from './csv-records.js';
import { parseNumber, parseSuccess, parseTimestamp } from './parse-fields.js';

export const REQUEST_LINES_EXPECTED =
  'one request per line with durationMs and success or status (optional timestamp, name, url, ttftMs, tokens)';

function toSample(fields: Record<string, unknown>, where: SourceLocation): RequestSample {
  return {
    timestamp: parseTimestamp(fields.timestamp, where, 'timestamp'),
    durationMs: parseNumber(fields.durationMs, where, 'durationMs', true),
    success: parseSuccess(fields.success, fields.status, where),
    name: typeof fields.name === 'string' && fields.name !== '' ? fields.name : undefined,
    url: typeof fields.url === 'string' && fields.url !== '' ? fields.url : undefined,
    role: undefined,
    ttftMs: parseNumber(fields.ttftMs, where, 'ttftMs'),
    tokens: parseNumber(fields.tokens, where, 'tokens'),
  };
}

/** Terrarium's per-request JSON lines, streamed. */
export async function* readRequestJsonLines(file: string): AsyncGenerator<RequestSample> {
  const lines = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let lineNumber = 0;
  let any = false;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    const where = { file, line: lineNumber };
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new ConfigurationError(
        `is not a JSON object (cut short?); expected ${REQUEST_LINES_EXPECTED}`,
        where,
      );
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ConfigurationError(`is not a JSON object; expected ${REQUEST_LINES_EXPECTED}`, where);
    }
    any = true;
    yield toSample(parsed as Record<string, unknown>, where);
  }
  if (!any) throw new ConfigurationError(`is empty; expected ${REQUEST_LINES_EXPECTED}`, { file });
}

/** The same fields as CSV with a header line, streamed. */
export async function* readRequestCsv(file: string): AsyncGenerator<RequestSample> {
  for await (const { line, fields } of csvRecords(
    file,
    ['durationMs'],
    `CSV with ${REQUEST_LINES_EXPECTED}`,
  )) {
    yield toSample(fields, { file, line });
  }
}
