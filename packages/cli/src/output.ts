import type { CommandContext } from './command.js';

/** Machine output: one JSON document on stdout, nothing else there. */
export function writeJson(context: CommandContext, value: unknown): void {
  // null rather than a missing key: every row of a listing has the same fields for jq and scripts.
  const text = JSON.stringify(value, (_key, field: unknown) => (field === undefined ? null : field), 2);
  context.terminal.out(`${text}\n`);
}

/** `key: value` lines with the keys aligned, for one object's worth of result. */
export function renderFields(fields: readonly (readonly [string, string])[]): string {
  const width = Math.max(0, ...fields.map(([key]) => key.length));
  return fields
    .map(([key, value]) => `${`${key}:`.padEnd(width + 2)}${value}`)
    .join('\n')
    .concat('\n');
}

/** A command's one result: the JSON document with --json, else its fields aligned. Exit code 0. */
export function printResult(
  context: CommandContext,
  value: unknown,
  fields: readonly (readonly [string, string])[],
): number {
  if (context.json) writeJson(context, value);
  else context.terminal.out(renderFields(fields));
  return 0;
}

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '-';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
