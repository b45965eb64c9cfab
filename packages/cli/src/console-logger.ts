import type { Logger } from '@terrarium/core';
import type { Terminal } from './terminal.js';

/**
 * The CLI's Logger: everything on stderr (stdout is for results only), debug lines only
 * with --debug, and every line redacted by the terminal it writes to.
 */
export function consoleLogger(terminal: Terminal, options: { debug: boolean; quiet?: boolean }): Logger {
  return {
    debug: (message) => {
      if (options.debug) terminal.err(`debug: ${message}\n`);
    },
    info: (message) => {
      if (!options.quiet) terminal.err(`${message}\n`);
    },
    warning: (message) => terminal.err(`warning: ${message}\n`),
    error: (message) => terminal.err(`error: ${message}\n`),
  };
}
