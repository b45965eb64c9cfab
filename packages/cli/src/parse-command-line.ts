import { parseArgs } from 'node:util';
import { ConfigurationError } from '@terrarium/core';
import type { Command, OptionSpec, ParsedCommand } from './command.js';
import { GLOBAL_OPTIONS } from './global-options.js';

/** The words before the options: `status`, or `slo report`; and the arguments without them. */
export interface CommandWords {
  words: string[];
  rest: string[];
}

function takesValue(token: string, options: Record<string, OptionSpec>): boolean {
  if (token.includes('=')) return false;
  for (const [name, spec] of Object.entries(options)) {
    if (spec.type !== 'string') continue;
    if (token === `--${name}` || (spec.short !== undefined && token === `-${spec.short}`)) return true;
  }
  return false;
}

/**
 * Finds the command words among the arguments, skipping global options and their values, so
 * `terrarium --config x.yaml status --deep` and `terrarium status --config x.yaml` both work.
 * `groups` names commands that take a subcommand (`slo`).
 */
export function splitCommandWords(argv: readonly string[], groups: ReadonlySet<string>): CommandWords {
  const words: string[] = [];
  const rest: string[] = [];
  let skipNext = false;
  let ended = false;
  for (const token of argv) {
    if (skipNext) {
      rest.push(token);
      skipNext = false;
      continue;
    }
    const wantsWord = words.length === 0 || (words.length === 1 && groups.has(words[0] ?? ''));
    if (!ended && wantsWord && !token.startsWith('-')) {
      words.push(token);
      continue;
    }
    if (token === '--') ended = true;
    if (!ended && takesValue(token, GLOBAL_OPTIONS)) skipNext = true;
    rest.push(token);
  }
  return { words, rest };
}

/** Parses a command's arguments strictly; every mistake is a ConfigurationError pointing at --help. */
export function parseCommandArguments(command: Command, args: readonly string[]): ParsedCommand {
  const options = { ...GLOBAL_OPTIONS, ...command.options };
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(options)) {
    config[name] = { type: spec.type };
    if (spec.short !== undefined) config[name].short = spec.short;
    if (spec.multiple) config[name].multiple = true;
  }
  let parsed: ParsedCommand;
  try {
    const result = parseArgs({ args: [...args], options: config, allowPositionals: true, strict: true });
    parsed = { values: result.values as ParsedCommand['values'], positionals: result.positionals };
  } catch (error) {
    throw usageError(command, error instanceof Error ? error.message : String(error));
  }
  if (parsed.values.help === true) return parsed;
  const { required, optional = 0, rest = false } = command.positionals;
  const count = parsed.positionals.length;
  if (count < required) {
    throw usageError(command, `missing argument: expected ${command.arguments}`);
  }
  if (!rest && count > required + optional) {
    const extra = parsed.positionals.slice(required + optional).join(' ');
    throw usageError(command, `unexpected argument "${extra}"`);
  }
  return parsed;
}

export function usageError(command: Command, message: string): ConfigurationError {
  // parseArgs explains itself ("Unknown option '--x'"); the hint says where to look next.
  const text = (message.split('\n')[0] ?? message)
    .replace(/\. To specify a positional argument.*$/s, '')
    .replace(/\.$/, '');
  return new ConfigurationError(
    `terrarium ${command.name}: ${text}. Run "terrarium ${command.name} --help".`,
  );
}

export function stringOption(parsed: ParsedCommand, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function booleanOption(parsed: ParsedCommand, name: string): boolean {
  return parsed.values[name] === true;
}

/** A positive whole number, or a ConfigurationError naming the option. */
export function integerOption(parsed: ParsedCommand, name: string, command: Command): number | undefined {
  const raw = stringOption(parsed, name);
  if (raw === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(raw)) {
    throw usageError(command, `--${name} must be a whole number of at least 1, not "${raw}"`);
  }
  return Number(raw);
}
