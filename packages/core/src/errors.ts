/** Where in a user's file a mistake sits. Lines and columns are 1-based. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

/**
 * A mistake the user can fix (a bad catalog, a missing input, an unknown environment).
 * Kept apart from bugs: the message says what to change, and callers print it without a
 * stack. Everything that is not a ConfigurationError is a bug and keeps its stack.
 */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
  readonly location: SourceLocation | undefined;

  constructor(message: string, location?: SourceLocation) {
    super(location ? `${formatLocation(location)}: ${message}` : message);
    this.location = location;
  }
}

export function formatLocation(location: SourceLocation): string {
  if (location.line === undefined) return location.file;
  if (location.column === undefined) return `${location.file}:${location.line}`;
  return `${location.file}:${location.line}:${location.column}`;
}

export function isConfigurationError(error: unknown): error is ConfigurationError {
  return error instanceof ConfigurationError;
}

/** The message of anything thrown, without assuming it is an Error. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
