import { ConfigurationError } from '@terrarium/core';
import type { SliFormat } from '../sli-types.js';
import { splitCsvLine } from './csv-records.js';
import { isRecord, readJsonDocument } from './json-document.js';
import { openResultsFile } from './line-chunks.js';

const ALL_FORMATS =
  'k6 --summary-export JSON (metrics.http_req_duration), k6 --out json lines ({"type":"Point","metric":...}), autocannon --json (latency, requests), JMeter CSV (header timeStamp,elapsed,...) or request lines (JSONL or CSV with durationMs)';

/** Looks at the start of a file (and reads whole JSON only when it is one document) to name its format. */
export async function detectFormat(file: string): Promise<SliFormat> {
  const head = await readHead(file);
  if (head.trim() === '') throw new ConfigurationError(`is empty; expected ${ALL_FORMATS}`, { file });
  const firstLine = head.trimStart().split(/\r?\n/, 1)[0] ?? '';
  if (firstLine.startsWith('{')) {
    try {
      const line = JSON.parse(firstLine) as unknown;
      if (isRecord(line) && 'durationMs' in line) return 'jsonl';
      // k6 --out json starts with a Metric definition or a Point, each naming its metric.
      if (
        isRecord(line) &&
        (line.type === 'Metric' || line.type === 'Point') &&
        typeof line.metric === 'string'
      )
        return 'k6-json';
    } catch {
      // Not one object per line: a pretty-printed document, read below.
    }
    const doc = await readJsonDocument(file, ALL_FORMATS);
    if (isRecord(doc.metrics)) return 'k6';
    if (isRecord(doc.latency) && isRecord(doc.requests)) return 'autocannon';
    throw new ConfigurationError(`is JSON but not a format Terrarium reads; expected ${ALL_FORMATS}`, {
      file,
    });
  }
  const header = splitCsvLine(firstLine).map((h) => h.trim());
  if (header.includes('timeStamp') && header.includes('elapsed')) return 'jmeter';
  if (header.includes('durationMs')) return 'csv';
  throw new ConfigurationError(
    `cannot tell the format of this file; expected ${ALL_FORMATS}, or set format`,
    {
      file,
    },
  );
}

async function readHead(file: string): Promise<string> {
  const handle = await openResultsFile(file);
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
