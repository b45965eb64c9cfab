import { resolve } from 'node:path';
import { type Catalog, errorMessage, isConfigurationError } from '@terrarium/core';
import { explainStorageError } from '@terrarium/state';
import { type AzureClients, defaultAzureClients } from './azure-clients.js';
import type { Command, CommandContext } from './command.js';
import { COMMAND_GROUPS, COMMANDS } from './command-list.js';
import { consoleLogger } from './console-logger.js';
import { DEFAULT_CONFIG_FILE } from './global-options.js';
import { commandHelp, overallHelp } from './help-text.js';
import { parseCommandArguments, splitCommandWords } from './parse-command-line.js';
import { readCatalog } from './read-catalog.js';
import { createSecretRedactor, type SecretRedactor, secretsFromEnvironment } from './secret-redactor.js';
import { processTerminal, type Terminal } from './terminal.js';
import { CLI_VERSION } from './version.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export interface CliEnvironment {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  terminal?: Terminal;
  redactor?: SecretRedactor;
  azure?: AzureClients;
}

function findCommand(words: readonly string[]): Command | undefined {
  const name = words.join(' ');
  return COMMANDS.find((command) => command.name === name);
}

/** Runs one command line and returns its exit code; never throws. */
export async function runCli(cli: CliEnvironment): Promise<number> {
  const redactor = cli.redactor ?? createSecretRedactor();
  // Known credentials are registered before anything runs, so not even an early error can print them.
  for (const secret of secretsFromEnvironment(cli.env)) redactor.add(secret);
  const terminal = cli.terminal ?? processTerminal(redactor);
  const debug = cli.argv.includes('--debug');
  try {
    const { words, rest } = splitCommandWords(cli.argv, COMMAND_GROUPS);
    if (words[0] === 'help') {
      const command = findCommand(words.slice(1).length > 0 ? words.slice(1) : rest.slice(0, 2));
      terminal.out(command ? commandHelp(command) : overallHelp(COMMANDS));
      return EXIT_OK;
    }
    const command = findCommand(words);
    if (command === undefined) {
      if (words.length === 0 && (rest[0] === '--version' || rest[0] === '-V')) {
        terminal.out(`terrarium ${CLI_VERSION}\n`);
        return EXIT_OK;
      }
      if (words.length === 0 || (words.length === 1 && COMMAND_GROUPS.has(words[0] ?? ''))) {
        const wantedHelp = rest.includes('--help') || rest.includes('-h');
        (wantedHelp ? terminal.out : terminal.err)(overallHelp(COMMANDS));
        return wantedHelp ? EXIT_OK : EXIT_USAGE;
      }
      terminal.err(
        `error: unknown command "${words.join(' ')}". Commands: ${COMMANDS.map((c) => c.name).join(', ')}.\n`,
      );
      return EXIT_USAGE;
    }
    const parsed = parseCommandArguments(command, rest);
    if (parsed.values.help === true) {
      terminal.out(commandHelp(command));
      return EXIT_OK;
    }
    const json = parsed.values.json === true;
    const configFile = resolve(
      cli.cwd,
      typeof parsed.values.config === 'string' ? parsed.values.config : DEFAULT_CONFIG_FILE,
    );
    let catalog: Promise<Catalog> | undefined;
    const context: CommandContext = {
      terminal,
      logger: consoleLogger(terminal, { debug }),
      redactor,
      azure: cli.azure ?? defaultAzureClients,
      cwd: cli.cwd,
      env: cli.env,
      json,
      debug,
      configFile,
      catalog: () => {
        catalog ??= readCatalog(configFile);
        return catalog;
      },
    };
    return await command.run(context, parsed);
  } catch (thrown) {
    const error = explainStorageError(thrown);
    if (isConfigurationError(error)) {
      terminal.err(`error: ${error.message}\n`);
      return EXIT_USAGE;
    }
    terminal.err(`error: ${errorMessage(error)}\n`);
    if (debug && error instanceof Error && error.stack) terminal.err(`${error.stack}\n`);
    else terminal.err('(this looks like a bug in terrarium; run again with --debug for the stack)\n');
    return EXIT_FAILED;
  }
}

/** The bin's entry: the process's own arguments, environment and terminal. */
export async function run(): Promise<void> {
  process.exitCode = await runCli({ argv: process.argv.slice(2), env: process.env, cwd: process.cwd() });
}
