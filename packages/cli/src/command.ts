import type { Catalog, Logger } from '@terrarium/core';
import type { AzureClients } from './azure-clients.js';
import type { SecretRedactor } from './secret-redactor.js';
import type { Terminal } from './terminal.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Shown in --help; for string options, `valueName` names the value (`--out <dir>`). */
  description: string;
  valueName?: string;
}

export interface CommandContext {
  terminal: Terminal;
  logger: Logger;
  redactor: SecretRedactor;
  env: NodeJS.ProcessEnv;
  json: boolean;
  debug: boolean;
  /** The --config path as given (default environments.yaml), resolved against the cwd. */
  configFile: string;
  azure: AzureClients;
  /** Relative paths in arguments are resolved against this. */
  cwd: string;
  /** Reads and validates the catalog once, on first use: commands that need none never touch it. */
  catalog(): Promise<Catalog>;
}

export interface ParsedCommand {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export interface Command {
  /** `status`, or `slo report` for a subcommand. */
  name: string;
  summary: string;
  /** Positional arguments as they appear in the usage line, e.g. `<env> <backup-name>`. */
  arguments: string;
  /** Required positionals, then optional ones (a trailing `...` takes the rest). */
  positionals: { required: number; optional?: number; rest?: boolean };
  options: Record<string, OptionSpec>;
  /** Returns the exit code: 0 done, 1 failed. Usage and configuration mistakes throw ConfigurationError. */
  run(context: CommandContext, parsed: ParsedCommand): Promise<number>;
}
