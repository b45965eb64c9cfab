import { createInterface } from 'node:readline';
import type { SecretRedactor } from './secret-redactor.js';

/** Where the CLI reads and writes. Every write is redacted; stdout carries only results. */
export interface Terminal {
  out(text: string): void;
  err(text: string): void;
  /** True when a person can answer a question on stdin. */
  readonly interactive: boolean;
  /** Columns of stderr when it is a terminal; progress lines are only drawn there. */
  readonly stderrIsTTY: boolean;
  /** The line typed; empty when the person pressed Ctrl-C or ended the input instead. */
  question(prompt: string): Promise<string>;
}

export function processTerminal(redactor: SecretRedactor): Terminal {
  // `terrarium status | head -1` closes stdout early: that is the reader's choice, not a crash.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  return {
    out: (text) => process.stdout.write(redactor.redact(text)),
    err: (text) => process.stderr.write(redactor.redact(text)),
    interactive: process.stdin.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    question: (prompt) =>
      new Promise((resolve) => {
        // The prompt goes to stderr: stdout stays clean for --json and pipes.
        const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
        let answered = false;
        const finish = (answer: string) => {
          if (answered) return;
          answered = true;
          rl.close();
          resolve(answer);
        };
        // Ctrl-C or Ctrl-D at the prompt is a "no", never a hang.
        rl.on('SIGINT', () => {
          process.stderr.write('\n');
          finish('');
        });
        rl.on('close', () => finish(''));
        rl.question(redactor.redact(prompt), finish);
      }),
  };
}
