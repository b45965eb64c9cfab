import { ConfigurationError } from './errors.js';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
const WHOLE = /^(?:\d{1,9}[smhdw])+$/;
const PART = /(\d{1,9})([smhdw])/g;
/** Ten years: anything longer is a typo, and keeps the arithmetic far from overflow. */
export const MAX_DURATION_SECONDS = 10 * 365 * 86_400;

/** Seconds in a duration such as `72h`, `3d`, `90m`, `45s`, `2w` or `1h30m`. */
export function parseDuration(text: string): number {
  const trimmed = typeof text === 'string' ? text.trim() : '';
  if (!WHOLE.test(trimmed)) {
    throw new ConfigurationError(`${JSON.stringify(text)} is not a duration; write it like 72h, 3d or 90m`);
  }
  let seconds = 0;
  for (const [, amount, unit] of trimmed.matchAll(PART)) {
    seconds += Number(amount) * (UNIT_SECONDS[unit ?? 's'] ?? 1);
  }
  if (seconds <= 0) {
    throw new ConfigurationError(`${JSON.stringify(text)} is zero; a duration must be at least 1s, e.g. 90m`);
  }
  if (seconds > MAX_DURATION_SECONDS) {
    throw new ConfigurationError(
      `${JSON.stringify(text)} is longer than ten years; write a shorter duration`,
    );
  }
  return seconds;
}
