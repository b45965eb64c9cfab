import { type FileHandle, open } from 'node:fs/promises';
import { ConfigurationError } from '@terrarium/core';

/** A region of the read buffer holding whole lines: [start, end), ending after a newline or at the end of the file. */
export interface LineChunk {
  buffer: Buffer;
  start: number;
  end: number;
}

const CHUNK_BYTES = 1 << 20;

/** Opens a results file for reading, or says which file cannot be read and why. */
export async function openResultsFile(file: string): Promise<FileHandle> {
  try {
    return await open(file, 'r');
  } catch (error) {
    throw new ConfigurationError(
      `cannot read the results file (${(error as NodeJS.ErrnoException).code ?? 'error'}); check the results path`,
      { file },
    );
  }
}

/**
 * A file's bytes a megabyte at a time, cut after the last newline so every chunk holds whole lines
 * (a line longer than the buffer grows it). The buffer is reused: take what you need from a chunk
 * before asking for the next. No per-line strings, unlike readline, which is the point.
 */
export async function* lineChunks(file: string): AsyncGenerator<LineChunk> {
  const handle = await openResultsFile(file);
  try {
    let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let filled = 0;
    let atStart = true;
    for (;;) {
      if (filled === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, filled);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
      filled += bytesRead;
      const eof = bytesRead === 0;
      if (atStart && (filled >= 3 || eof)) {
        // A UTF-8 byte order mark, as some Windows tools write one, is not part of the first line.
        if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
          buffer.copy(buffer, 0, 3, filled);
          filled -= 3;
        }
        atStart = false;
      }
      if (atStart) continue;
      const end = eof ? filled : buffer.lastIndexOf(0x0a, filled - 1) + 1;
      if (end > 0) yield { buffer, start: 0, end };
      if (eof) return;
      if (end > 0) {
        buffer.copy(buffer, 0, end, filled);
        filled -= end;
      }
    }
  } finally {
    await handle.close();
  }
}

/**
 * Calls `line` for every line of a chunk with its [start, end) (a trailing CR left out), counting
 * from `lineNumber`; returns the number of the next line.
 */
export function eachLine(
  chunk: LineChunk,
  lineNumber: number,
  line: (start: number, end: number, lineNumber: number) => void,
): number {
  const { buffer, end } = chunk;
  let start = chunk.start;
  let next = lineNumber;
  while (start < end) {
    let stop = buffer.indexOf(0x0a, start);
    if (stop === -1 || stop > end) stop = end;
    const after = stop + 1;
    if (stop > start && buffer[stop - 1] === 0x0d) stop -= 1;
    line(start, stop, next);
    next += 1;
    start = after;
  }
  return next;
}
