import { ConfigurationError, jsonErrorOffset, lineAndColumn } from '@terrarium/core';

/**
 * The `vars` input: a JSON object of extra terraform variables (branch-specific values,
 * perf scaling). Empty means none. Anything else is a mistake the message locates.
 */
export function parseVarsInput(text: string | undefined, inputName = 'vars'): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const offset = jsonErrorOffset(text);
    const where = offset < 0 ? '' : positionText(text, offset);
    throw new ConfigurationError(
      `The \`${inputName}\` input is not valid JSON${where}: ${(error as Error).message}. Give a JSON object such as {"app_sku": "B2"}.`,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    const got = parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`;
    throw new ConfigurationError(
      `The \`${inputName}\` input must be a JSON object of terraform variables, but${positionText(text, text.search(/\S/))} it is ${got}; wrap the values in {"name": value}.`,
    );
  }
  return parsed as Record<string, unknown>;
}

function positionText(text: string, offset: number): string {
  const { line, column } = lineAndColumn(text, offset);
  return ` at line ${line}, column ${column} (position ${offset})`;
}
