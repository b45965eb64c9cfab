import { type ChildProcess, spawn } from 'node:child_process';

export interface Finished {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

/**
 * Every child the demo starts goes through here, so a failure or a signal can end them all.
 * Children stay in the demo's process group on purpose: a terminal's Ctrl-C then reaches each of
 * them (and terraform under them) directly, even if the demo itself is killed before its handler runs.
 */
export class ChildProcesses {
  /** How to stop each child still running. */
  private readonly running = new Set<() => void>();
  private closed = false;

  /** A child started elsewhere (an action step of the harness): refused once stopping, ended with the rest. */
  async adopt<T>(start: () => { stop(): void; done: Promise<T> }): Promise<T> {
    if (this.closed) throw new Error('the demo is stopping');
    const started = start();
    this.running.add(started.stop);
    try {
      return await started.done;
    } finally {
      this.running.delete(started.stop);
    }
  }

  run(command: string, args: string[], options: RunOptions): Promise<Finished> {
    // Once the demo is stopping, nothing new may start (it would outlive the demo).
    if (this.closed) return Promise.reject(new Error('the demo is stopping'));
    const started = Date.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stop = () => this.stop(child);
    this.running.add(stop);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.stop(child);
    }, options.timeoutMs);
    return new Promise((resolve, reject) => {
      const finish = (exitCode: number | null, signal: NodeJS.Signals | null) => {
        clearTimeout(timer);
        this.running.delete(stop);
        resolve({ exitCode, signal, stdout, stderr, durationMs: Date.now() - started, timedOut });
      };
      child.once('error', (error) => {
        clearTimeout(timer);
        this.running.delete(stop);
        reject(error);
      });
      child.once('close', finish);
      // A stopped step's own children may hold its output pipes open; do not wait for them.
      child.once('exit', (exitCode, signal) => {
        if (timedOut || this.closed) finish(exitCode, signal);
      });
    });
  }

  /** Ends every child still running, and refuses new ones. */
  stopAll(): void {
    this.closed = true;
    for (const stop of this.running) stop();
  }

  private stop(child: ChildProcess): void {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }, 2000).unref();
  }
}
