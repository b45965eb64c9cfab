import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ConfigurationError } from '@terrarium/core';

export interface CsvRecord {
  /** 1-based line the record starts on. */
  line: number;
  fields: Record<string, string>;
}

/**
 * Streams a CSV file with a header line, record by record (readline: never the whole file).
 * Quoted fields may hold commas, doubled quotes and line breaks, as JMeter writes them.
 */
export async function* csvRecords(
  file: string,
  required: string[],
  expected: string,
): AsyncGenerator<CsvRecord> {
  const lines = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let header: string[] | undefined;
  let pending = '';
  let startLine = 0;
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (pending === '') startLine = lineNumber;
    const text = pending === '' ? line : `${pending}\n${line}`;
    if (countQuotes(text) % 2 === 1) {
      pending = text;
      continue;
    }
    pending = '';
    if (text.trim() === '') continue;
    const values = splitCsvLine(text);
    if (!header) {
      header = values.map((v) => v.trim());
      const missing = required.filter((name) => !header?.includes(name));
      if (missing.length > 0) {
        throw new ConfigurationError(
          `the header has no ${missing.map((m) => `"${m}"`).join(', ')} column; expected ${expected}`,
          { file, line: startLine },
        );
      }
      continue;
    }
    if (values.length !== header.length) {
      throw new ConfigurationError(
        `has ${values.length} fields where the header has ${header.length}; the file may be truncated or not ${expected}`,
        { file, line: startLine },
      );
    }
    const fields: Record<string, string> = {};
    header.forEach((name, index) => {
      fields[name] = values[index] ?? '';
    });
    yield { line: startLine, fields };
  }
  if (pending !== '') {
    throw new ConfigurationError(
      `a quoted field is never closed; the file looks truncated (expected ${expected})`,
      {
        file,
        line: startLine,
      },
    );
  }
  if (!header) throw new ConfigurationError(`is empty; expected ${expected}`, { file });
}

function countQuotes(text: string): number {
  let count = 0;
  for (const char of text) if (char === '"') count += 1;
  return count;
}

export function splitCsvLine(text: string): string[] {
  const values: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        current += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      values.push(current);
      current = '';
    } else current += char;
  }
  values.push(current);
  return values;
}
