import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BlobServiceClient } from '@azure/storage-blob';
import { catalogYaml } from '../harness/catalog.js';
import { type GitHubFake, startGitHubFake } from '../harness/github-fake.js';
import { bundlePath } from '../harness/run-bundle.js';
import { createRunnerFiles, type RunnerFiles } from '../harness/runner-files.js';
import { startTerraformBackend, type TerraformBackend } from '../harness/terraform-backend.js';
import { writeEventFile } from '../harness/webhook-payloads.js';

const SAMPLE_MODULE = fileURLToPath(new URL('../../examples/terraform/sample', import.meta.url));

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** What a person would see in the log: without the lines that register masks. */
  log: string;
  /** When each line of stdout arrived (ms since epoch), for ordering two runs. */
  lines: { at: number; text: string }[];
}

export interface ActionStep {
  inputs: Record<string, string>;
  event: { name: string; payload: unknown };
  runId?: string;
  env?: Record<string, string>;
}

export interface ActionBed {
  backend: TerraformBackend;
  github: GitHubFake;
  container: string;
  workspace: string;
  blobs(): BlobServiceClient;
  /** Starts one bundled action as a runner would; `child` can be killed, `done` resolves when it ends. */
  start(
    action: 'provision-env' | 'teardown-env',
    step: ActionStep,
  ): { child: ChildProcess; done: Promise<ActionRun> };
  run(action: 'provision-env' | 'teardown-env', step: ActionStep): Promise<ActionRun>;
  stop(): Promise<void>;
}

let counter = 0;

/** The token every action run gets as its `github-token` input. */
export const TOKEN = 'ghs_fakeTokenForTheGitHubFake0123456789';

/** TLS Azurite with terraform's backend, the GitHub fake, and one workspace with a catalog. */
export async function startActionBed(): Promise<ActionBed> {
  const backend = await startTerraformBackend();
  const github = await startGitHubFake();
  const container = `lifecycle-${process.pid}-${++counter}`;
  const shared = createRunnerFiles();
  const workspace = shared.env.GITHUB_WORKSPACE as string;
  writeFileSync(
    join(workspace, 'environments.yaml'),
    catalogYaml({ account: backend.accountName, container, rootModule: 'sample' }),
  );
  mkdirSync(join(workspace, 'sample'));
  cpSync(SAMPLE_MODULE, join(workspace, 'sample'), { recursive: true });

  const start = (action: 'provision-env' | 'teardown-env', step: ActionStep) => {
    const runner: RunnerFiles = createRunnerFiles();
    const inputs = Object.fromEntries(
      Object.entries(step.inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]),
    );
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      ...runner.env,
      GITHUB_WORKSPACE: workspace,
      ...backend.terraformEnv,
      ...backend.nodeEnv,
      'INPUT_GITHUB-TOKEN': TOKEN,
      ...inputs,
      GITHUB_EVENT_NAME: step.event.name,
      GITHUB_EVENT_PATH: writeEventFile(step.event.payload),
      GITHUB_RUN_ID: step.runId ?? '9876543210',
      GITHUB_REPOSITORY: `${github.owner}/${github.repo}`,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_SHA: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
      GITHUB_API_URL: github.url,
      AZURE_STORAGE_CONNECTION_STRING: backend.connectionString,
      ...step.env,
    };
    // Its own process group, so a test can kill the action together with the terraform it started.
    const child = spawn(process.execPath, [bundlePath(`actions/${action}`)], {
      cwd: workspace,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    const lines: ActionRun['lines'] = [];
    let partial = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      stdout += text;
      const parts = (partial + text).split('\n');
      partial = parts.pop() ?? '';
      const at = Date.now();
      for (const line of parts) lines.push({ at, text: line });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const done = new Promise<ActionRun>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => {
        const log = `${stdout}\n${stderr}`
          .split('\n')
          .filter((line) => !line.startsWith('::add-mask::'))
          .join('\n');
        resolve({
          code: code ?? -1,
          stdout,
          stderr,
          outputs: runner.outputs(),
          summary: runner.summary(),
          log,
          lines,
        });
      });
    });
    return { child, done };
  };

  return {
    backend,
    github,
    container,
    workspace,
    blobs: () => backend.blobService(),
    start,
    run: (action, step) => start(action, step).done,
    stop: async () => {
      await github.stop();
      await backend.stop();
    },
  };
}

/** Names of the blobs in a container, under a prefix. */
export async function blobNames(
  service: BlobServiceClient,
  container: string,
  prefix = '',
): Promise<string[]> {
  const names: string[] = [];
  for await (const blob of service.getContainerClient(container).listBlobsFlat({ prefix }))
    names.push(blob.name);
  return names.sort();
}
