import type { Logger } from '../src/logger.js';

/** A Logger that keeps every line, for tests that assert on what was said. */
export interface RecordingLogger extends Logger {
  readonly lines: { level: 'debug' | 'info' | 'warning' | 'error'; message: string }[];
}

export function recordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = [];
  return {
    lines,
    debug: (message) => lines.push({ level: 'debug', message }),
    info: (message) => lines.push({ level: 'info', message }),
    warning: (message) => lines.push({ level: 'warning', message }),
    error: (message) => lines.push({ level: 'error', message }),
  };
}
