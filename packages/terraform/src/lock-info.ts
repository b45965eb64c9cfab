import type { LockInfo } from './errors.js';

const LOCK_ERROR = 'Error acquiring the state lock';
const UNLOCK_ERROR = 'Error releasing the state lock';

const FIELDS: Record<string, keyof LockInfo> = {
  ID: 'id',
  Path: 'path',
  Operation: 'operation',
  Who: 'who',
  Version: 'version',
  Created: 'created',
  Info: 'info',
};

/** True when terraform's output says another run holds the state lock. */
export function isLockError(output: string): boolean {
  return output.includes(LOCK_ERROR);
}

/** True when terraform says it could not release the lock it took (the state stays leased). */
export function isUnlockError(output: string): boolean {
  return output.includes(UNLOCK_ERROR);
}

/**
 * Reads the `Lock Info:` block terraform prints under "Error acquiring the state lock".
 * Tolerates the box-drawing prefix (`│ `) and colour codes terraform adds without -no-color.
 */
export function parseLockInfo(output: string): LockInfo | undefined {
  const lines = stripAnsi(output)
    .split(/\r?\n/)
    .map((line) => line.replace(/^[│|]\s?/, ''));
  const start = lines.findIndex((line) => line.trim() === 'Lock Info:');
  if (start < 0) return undefined;
  const lock: LockInfo = { id: '', path: '', operation: '', who: '', version: '', created: '', info: '' };
  for (const line of lines.slice(start + 1)) {
    const match = /^\s+([A-Za-z]+):\s?(.*)$/.exec(line);
    const field = match?.[1] === undefined ? undefined : FIELDS[match[1]];
    if (!match || field === undefined) break;
    lock[field] = (match[2] ?? '').trim();
  }
  return lock.id === '' ? undefined : lock;
}

export function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour sequences start with ESC.
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
