import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type BundleRun, bundlePath } from '../harness/run-bundle.js';
import { createRunnerFiles, type RunnerFiles } from '../harness/runner-files.js';
import { writeEventFile } from '../harness/webhook-payloads.js';
import { type ResilienceBed, removeLater } from './resilience-bed.js';

export type ActionName = 'provision-env' | 'teardown-env' | 'configure-backend' | 'report-slo';

export interface ActionStep {
  runner: RunnerFiles;
  /** TMPDIR of the step: every file the action or terraform writes to a temp folder lands here. */
  tempDir: string;
  child: ChildProcess;
  done: Promise<BundleRun>;
  /** SIGKILL to the whole process group: node, terraform and its provisioners, as a cancelled runner does. */
  killTree(): void;
}

export interface StepOptions {
  inputs: Record<string, string>;
  event: { name: string; payload: unknown };
  runId: string;
  /** Storage credentials; the bed's connection string when left out. */
  storageEnv?: Record<string, string>;
  githubApiUrl?: string;
  extraEnv?: Record<string, string>;
}

/**
 * Starts a bundled action as a runner does: a node child process with INPUT_* variables, the
 * runner's files, the event payload on disk, and the test bed's storage and terraform settings.
 * It runs in its own process group so a test can kill it and everything it started.
 */
export function startAction(bed: ResilienceBed, action: ActionName, options: StepOptions): ActionStep {
  const runner = createRunnerFiles();
  removeLater(runner.dir);
  const tempDir = join(runner.dir, 'tmp');
  mkdirSync(tempDir);
  const inputs = Object.fromEntries(
    Object.entries(options.inputs).map(([name, value]) => [
      `INPUT_${name.replace(/ /g, '_').toUpperCase()}`,
      value,
    ]),
  );
  const eventFile = writeEventFile(options.event.payload);
  removeLater(dirname(eventFile));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    TMPDIR: tempDir,
    ...runner.env,
    ...bed.terraformEnv,
    ...bed.nodeEnv,
    ...(options.storageEnv ?? { AZURE_STORAGE_CONNECTION_STRING: bed.connectionString }),
    GITHUB_EVENT_NAME: options.event.name,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_RUN_ID: options.runId,
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    GITHUB_SHA: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
    GITHUB_SERVER_URL: 'https://github.com',
    ...(options.githubApiUrl ? { GITHUB_API_URL: options.githubApiUrl } : {}),
    ...inputs,
    ...options.extraEnv,
  };
  const child = spawn(process.execPath, [bundlePath(`actions/${action}`)], {
    cwd: runner.env.GITHUB_WORKSPACE,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<BundleRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
  return {
    runner,
    tempDir,
    child,
    done,
    killTree: () => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    },
  };
}

export async function runAction(
  bed: ResilienceBed,
  action: ActionName,
  options: StepOptions,
): Promise<BundleRun & { step: ActionStep; outputs: Record<string, string> }> {
  const step = startAction(bed, action, options);
  const result = await step.done;
  return { ...result, step, outputs: step.runner.outputs() };
}

/** Every regular file under a folder, with its text: what a step left behind for anyone to read. */
export function filesUnder(dir: string): { path: string; text: string }[] {
  const found: { path: string; text: string }[] = [];
  const walk = (folder: string) => {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(folder, name);
      const stats = statSync(path, { throwIfNoEntry: false });
      if (!stats) continue;
      if (stats.isDirectory()) walk(path);
      else if (stats.isFile() && stats.size < 20_000_000)
        found.push({ path, text: readFileSync(path, 'latin1') });
    }
  };
  walk(dir);
  return found;
}
