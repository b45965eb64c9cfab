import { isConfigurationError } from '@terrarium/core';
import { describe, expect, it } from 'vitest';
import type { Terminal } from './terminal.js';
import { confirmationWord, confirmTyped } from './typed-confirmation.js';

function terminal(interactive: boolean, answer = ''): Terminal & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    interactive,
    stderrIsTTY: interactive,
    out: () => {},
    err: () => {},
    question: async (prompt) => {
      asked.push(prompt);
      return answer;
    },
  };
}

describe('typed confirmation', () => {
  it.each([
    ['basic', undefined],
    ['enhanced', 'stg'],
    ['maximum', 'PRODUCTION'],
  ] as const)('%s safety asks for %s', (safety, word) => {
    expect(confirmationWord({ safety, environment: 'stg' })).toBe(word);
  });

  it('passes with --yes without asking anything', async () => {
    const tty = terminal(false);
    expect(await confirmTyped(tty, { word: 'PRODUCTION', action: 'Restore', yes: true })).toBe(true);
    expect(tty.asked).toEqual([]);
  });

  it('refuses without a terminal and says to pass --yes', async () => {
    const error = await confirmTyped(terminal(false), { word: 'stg', action: 'Restore x', yes: false }).catch(
      (thrown: unknown) => thrown,
    );
    expect(isConfigurationError(error)).toBe(true);
    expect((error as Error).message).toBe(
      'Restore x: this needs a typed confirmation and there is no terminal to ask on; pass --yes to confirm it',
    );
  });

  it.each([
    ['PRODUCTION', true],
    ['  PRODUCTION \t', true],
    ['production', false],
    ['prod', false],
    ['', false],
  ])('answer %j confirms: %s', async (answer, confirmed) => {
    const tty = terminal(true, answer);
    expect(await confirmTyped(tty, { word: 'PRODUCTION', action: 'Restore', yes: false })).toBe(confirmed);
    expect(tty.asked[0]).toContain('Type "PRODUCTION" to confirm');
  });
});
