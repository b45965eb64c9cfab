import type { OptionSpec } from './command.js';

export const DEFAULT_CONFIG_FILE = 'environments.yaml';

/** Accepted before or after the command name, by every command. */
export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  config: {
    type: 'string',
    short: 'c',
    valueName: 'file',
    description: `environment catalog (default ${DEFAULT_CONFIG_FILE})`,
  },
  json: { type: 'boolean', description: 'machine-readable output on stdout' },
  debug: { type: 'boolean', description: 'debug lines and stacks of unexpected errors (never secrets)' },
  help: { type: 'boolean', short: 'h', description: 'show help for the command' },
};
