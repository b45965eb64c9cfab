import type { ListingProgress } from '@terrarium/state';
import type { Terminal } from './terminal.js';

/** Erase the line the cursor is on and go back to its start. */
const ERASE_LINE = '\r\u001b[2K';

export interface ProgressLine {
  /**
   * Redraws the line, at most every `intervalMs`; nothing at all when stderr is not a terminal.
   * The text is made only when it is drawn: listings call this for every blob.
   */
  update(text: () => string): void;
  /** Erases the line, so the result that follows starts clean. */
  clear(): void;
}

/**
 * One self-overwriting line on stderr for long work (listing thousands of blobs, reading every
 * state). Only on a terminal: a pipe, a log file or a CI job gets no control characters.
 */
export function progressLine(terminal: Terminal, intervalMs = 100, now = () => Date.now()): ProgressLine {
  let drawn = false;
  let last = Number.NEGATIVE_INFINITY;
  return {
    update(text) {
      if (!terminal.stderrIsTTY) return;
      const at = now();
      if (at - last < intervalMs) return;
      last = at;
      terminal.err(`${ERASE_LINE}${text()}`);
      drawn = true;
    },
    clear() {
      if (drawn) terminal.err(ERASE_LINE);
      drawn = false;
    },
  };
}

/** What a listing says while it runs: blobs listed, then states read out of how many. */
export function describeListing(what: string, progress: ListingProgress): string {
  if (progress.phase === 'listing') return `Listing ${what}: ${progress.done.toLocaleString('en-US')} blobs`;
  return `Reading states: ${progress.done.toLocaleString('en-US')} of ${(progress.total ?? 0).toLocaleString('en-US')}`;
}
