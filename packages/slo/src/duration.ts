import { ConfigurationError } from '@terrarium/core';

const unitSeconds: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** `90s`, `5m`, `1h`, `28d`, `2w` -> seconds. */
export function parseDuration(text: string): number {
  const match = /^([1-9][0-9]*)(s|m|h|d|w)$/.exec(text);
  const seconds = match ? Number(match[1]) * (unitSeconds[match[2] ?? ''] ?? Number.NaN) : Number.NaN;
  if (!Number.isFinite(seconds)) {
    throw new ConfigurationError(
      `"${text}" is not a duration; write a whole number and a unit, e.g. 5m, 1h, 28d`,
    );
  }
  return seconds;
}

/** Seconds -> the shortest exact `5m`/`1h`/`1d` form. */
export function formatDuration(seconds: number): string {
  for (const unit of ['w', 'd', 'h', 'm'] as const) {
    const size = unitSeconds[unit] ?? 1;
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}

/** Seconds -> ISO 8601 (`PT5M`, `PT1H`, `P1D`), as Azure Monitor wants it. */
export function isoDuration(seconds: number): string {
  if (seconds % 86_400 === 0) return `P${seconds / 86_400}D`;
  if (seconds % 3600 === 0) return `PT${seconds / 3600}H`;
  if (seconds % 60 === 0) return `PT${seconds / 60}M`;
  return `PT${seconds}S`;
}
