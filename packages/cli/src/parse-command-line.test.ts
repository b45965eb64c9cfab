import { isConfigurationError } from '@terrarium/core';
import { describe, expect, it } from 'vitest';
import type { Command } from './command.js';
import { integerOption, parseCommandArguments, splitCommandWords } from './parse-command-line.js';

const groups = new Set(['slo']);

const restore: Command = {
  name: 'restore',
  summary: 'restore a backup',
  arguments: '<env> <backup-name>',
  positionals: { required: 2 },
  options: {
    instance: { type: 'string', description: 'instance' },
    force: { type: 'boolean', description: 'force' },
    concurrency: { type: 'string', description: 'n' },
  },
  run: async () => 0,
};

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('splitCommandWords', () => {
  it.each([
    [['status', '--deep'], ['status'], ['--deep']],
    [['--config', 'x.yaml', 'status'], ['status'], ['--config', 'x.yaml']],
    [['-c', 'x.yaml', 'backup', 'stg'], ['backup'], ['-c', 'x.yaml', 'stg']],
    [['--config=x.yaml', 'status'], ['status'], ['--config=x.yaml']],
    [
      ['slo', 'report', 'slo.yaml', 'a.json'],
      ['slo', 'report'],
      ['slo.yaml', 'a.json'],
    ],
    [
      ['--json', 'slo', 'alerts', 'f'],
      ['slo', 'alerts'],
      ['--json', 'f'],
    ],
    [['--', 'status'], [], ['--', 'status']],
  ])('%j -> words %j, rest %j', (argv, words, rest) => {
    expect(splitCommandWords(argv, groups)).toEqual({ words, rest });
  });
});

describe('parseCommandArguments', () => {
  it('takes global and command options before or after positionals', () => {
    const parsed = parseCommandArguments(restore, ['stg', '--json', 'b1', '--instance', 'pr-1', '--force']);
    expect(parsed.positionals).toEqual(['stg', 'b1']);
    expect(parsed.values).toMatchObject({ json: true, instance: 'pr-1', force: true });
  });

  it.each([
    [['stg'], /missing argument: expected <env> <backup-name>/],
    [['stg', 'b1', 'extra'], /unexpected argument "extra"/],
    [['stg', 'b1', '--nope'], /Unknown option '--nope'/],
    [['stg', 'b1', '--instance'], /--instance/],
  ])('%j is a usage error: %s', (args, message) => {
    const error = thrown(() => parseCommandArguments(restore, args));
    expect(isConfigurationError(error)).toBe(true);
    expect(error.message).toMatch(message);
    expect(error.message).toContain('terrarium restore --help');
  });

  it('does not check positionals when help is asked for', () => {
    expect(parseCommandArguments(restore, ['--help']).values.help).toBe(true);
  });

  it.each(['0', '-1', '1.5', 'four'])('rejects --concurrency %s', (value) => {
    const parsed = parseCommandArguments(restore, ['a', 'b', `--concurrency=${value}`]);
    expect(() => integerOption(parsed, 'concurrency', restore)).toThrow(/whole number/);
  });

  it('reads a whole number', () => {
    const parsed = parseCommandArguments(restore, ['a', 'b', '--concurrency', '8']);
    expect(integerOption(parsed, 'concurrency', restore)).toBe(8);
  });
});
