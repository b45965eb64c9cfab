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
 * Every child the demo starts goes through here, so a failure or Ctrl-C can end them all.
 * Each child leads its own process group: stopping it also stops what it started (terraform).
 */
export class ChildProcesses {
  private readonly running = new Set<ChildProcess>();
  private closed = false;

  run(command: string, args: string[], options: RunOptions): Promise<Finished> {
    // Once the demo is stopping, nothing new may start (it would outlive the demo).
    if (this.closed) return Promise.reject(new Error('the demo is stopping'));
    const started = Date.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.running.add(child);
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
      child.once('error', (error) => {
        clearTimeout(timer);
        this.running.delete(child);
        reject(error);
      });
      child.once('close', (exitCode, signal) => {
        clearTimeout(timer);
        this.running.delete(child);
        resolve({ exitCode, signal, stdout, stderr, durationMs: Date.now() - started, timedOut });
      });
    });
  }

  /** Ends every child still running (and its process group), and refuses new ones. */
  stopAll(): void {
    this.closed = true;
    for (const child of this.running) this.stop(child);
  }

  private stop(child: ChildProcess): void {
    if (child.pid === undefined || child.exitCode !== null) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
    setTimeout(() => {
      try {
        if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, 2000).unref();
  }
}
