import { ConfigurationError, type Target } from '@terrarium/core';
import type { Terminal } from './terminal.js';

/**
 * What a person must type: the environment's name, or PRODUCTION where safety is maximum (the
 * same words the provision action's `confirm` input takes); undefined where none is asked.
 */
export function confirmationWord(target: Pick<Target, 'safety' | 'environment'>): string | undefined {
  if (target.safety === 'maximum') return 'PRODUCTION';
  if (target.safety === 'enhanced') return target.environment;
  return undefined;
}

/**
 * Asks a person to type a word before something that cannot be undone. `--yes` is the only way
 * past it without a terminal, and it must be explicit: a pipe or a CI job never confirms by accident.
 * Returns false when the person typed something else.
 */
export async function confirmTyped(
  terminal: Terminal,
  request: { word: string; action: string; yes: boolean },
): Promise<boolean> {
  if (request.yes) return true;
  if (!terminal.interactive) {
    throw new ConfigurationError(
      `${request.action}: this needs a typed confirmation and there is no terminal to ask on; pass --yes to confirm it`,
    );
  }
  const answer = await terminal.question(`${request.action}.\nType "${request.word}" to confirm: `);
  return answer.trim() === request.word;
}
