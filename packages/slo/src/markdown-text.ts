/** How the report and the trend write numbers and free text into Markdown tables. */

export function percent(fraction: number): string {
  if (!Number.isFinite(fraction)) return fraction > 0 ? '∞' : '-∞';
  return `${fixed(fraction * 100)}%`;
}

export function ms(value: number | undefined): string {
  return value === undefined ? 'n/a' : `${fixed(value)} ms`;
}

export function fixed(value: number | undefined, digits = 1): string {
  if (value === undefined) return 'n/a';
  return String(Math.round(value * 10 ** digits) / 10 ** digits);
}

/** Keeps free text from breaking the table. */
export function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}
