import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { ConfigurationError } from '@terrarium/core';

export type OutputStream = 'stdout' | 'stderr';

export interface RunOptions {
  binary: string;
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** How long after SIGTERM (terraform's graceful stop, which releases locks) before SIGKILL. */
  killGraceMs: number;
  /** Called with each complete line as it arrives; stdout lines only when streamStdout is true. */
  onLine: (line: string, stream: OutputStream) => void;
  /** False for commands whose stdout is JSON that may hold secrets (output, show). */
  streamStdout: boolean;
}

export interface RunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Splits a byte stream into lines as it arrives, multi-byte characters intact. */
function lineSplitter(onLine: (line: string) => void) {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const emit = (text: string) => {
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line.replace(/\r$/, ''));
  };
  return {
    write: (chunk: Buffer) => emit(decoder.write(chunk)),
    end: () => {
      emit(decoder.end());
      if (pending !== '') onLine(pending.replace(/\r$/, ''));
      pending = '';
    },
  };
}

/** Runs one command from an argument array (never a shell), streaming lines and keeping all output. */
export function runCommand(options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.binary, [...options.args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const outLines = lineSplitter((line) => options.onLine(line, 'stdout'));
    const errLines = lineSplitter((line) => options.onLine(line, 'stderr'));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      if (options.streamStdout) outLines.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr.push(chunk);
      errLines.write(chunk);
    });

    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), options.killGraceMs);
    }, options.timeoutMs);

    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      if (error.code === 'ENOENT')
        reject(
          new ConfigurationError(
            `the ${options.binary} binary was not found on PATH: install it (for example with hashicorp/setup-terraform) or change terraform.binary in the catalog`,
          ),
        );
      else reject(error);
    });
    child.once('close', (exitCode, signal) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      if (options.streamStdout) outLines.end();
      errLines.end();
      resolve({
        exitCode,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        timedOut,
      });
    });
  });
}
