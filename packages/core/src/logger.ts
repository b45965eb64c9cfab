/**
 * The one way packages below the actions and the CLI report progress. Packages never
 * print or import @actions/core: they receive a Logger, so the same code runs in an
 * action, the CLI and a test.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}

/** A Logger that drops everything: for tests and callers that want silence. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warning() {},
  error() {},
};
