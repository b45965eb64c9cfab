import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DAY_MS = 86_400_000;
const PRELOAD = new URL('./clock-shift-preload.cjs', import.meta.url).pathname;

/**
 * A clock shared by Azurite and the Terrarium processes a test starts, that the test moves
 * forward: environments get real ages (a state blob's Last-Modified really is 29 days old to
 * Azurite and to a sweep run then) without comparing anything with the real date. Only node
 * processes given `env` follow it; terraform and the test process keep real time.
 */
export interface ShiftedClock {
  /** For a node child process: preloads the shift and names the offset file. */
  env: Record<string, string>;
  /** Real time plus the current offset. */
  now(): Date;
  /** Moves every process on this clock forward. */
  advance(days: number): void;
  remove(): void;
}

export function shiftedClock(): ShiftedClock {
  const dir = mkdtempSync(join(tmpdir(), 'terrarium-clock-'));
  const file = join(dir, 'offset-ms');
  let offsetMs = 0;
  writeFileSync(file, '0');
  return {
    env: {
      TERRARIUM_CLOCK_OFFSET_FILE: file,
      NODE_OPTIONS: `--require ${PRELOAD}`,
    },
    now: () => new Date(Date.now() + offsetMs),
    advance(days) {
      offsetMs += Math.round(days * DAY_MS);
      writeFileSync(file, String(offsetMs));
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
