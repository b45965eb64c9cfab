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
  question(prompt: string): Promise<string>;
}

export function processTerminal(redactor: SecretRedactor): Terminal {
  return {
    out: (text) => process.stdout.write(redactor.redact(text)),
    err: (text) => process.stderr.write(redactor.redact(text)),
    interactive: process.stdin.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    question: (prompt) =>
      new Promise((resolve) => {
        // The prompt goes to stderr: stdout stays clean for --json and pipes.
        const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
        rl.question(redactor.redact(prompt), (answer) => {
          rl.close();
          resolve(answer);
        });
      }),
  };
}
