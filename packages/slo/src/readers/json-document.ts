import { readFile } from 'node:fs/promises';
import { ConfigurationError } from '@terrarium/core';

/** Reads a small JSON document (a tool's summary, never per-request data) or says why it cannot. */
export async function readJsonDocument(file: string, expected: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigurationError(
      `cannot read the results file (${(error as NodeJS.ErrnoException).code ?? 'error'}); check the results path`,
      { file },
    );
  }
  if (text.trim() === '') throw new ConfigurationError(`is empty; expected ${expected}`, { file });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(
      `is not complete JSON (${(error as Error).message}); the file may be truncated. Expected ${expected}`,
      { file },
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigurationError(`is not a JSON object; expected ${expected}`, { file });
  }
  return parsed as Record<string, unknown>;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
