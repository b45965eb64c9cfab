import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;

export interface BundleRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The committed bundle, as a runner or a user runs it. That it matches the sources is what
 * `pnpm check-dist` proves; building here would race between test files on two cores.
 */
export function bundlePath(relativeDir: string): string {
  const bundle = join(root, relativeDir, 'dist', 'index.js');
  if (!existsSync(bundle)) {
    throw new Error(`${bundle} is missing: run node scripts/build-bundles.mjs first`);
  }
  return bundle;
}

/** Runs a bundle as a child process with no terminal attached (stdin is a pipe, as in CI). */
export function runBundle(
  bundle: string,
  args: readonly string[],
  options: { env: Record<string, string>; cwd: string; input?: string },
): Promise<BundleRun> {
  return runProcess(process.execPath, [bundle, ...args], options);
}

/** Any program, by argument array; only the given environment plus PATH reaches it. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { env: Record<string, string>; cwd: string; input?: string },
): Promise<BundleRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
