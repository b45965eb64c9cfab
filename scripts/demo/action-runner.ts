import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseGitHubOutputFile } from '../../test/harness/github-output-file.js';
import { type ActionLog, readWorkflowCommands } from '../../test/harness/workflow-commands.js';
import { evaluateDefault, readActionMetadata } from './action-metadata.js';
import type { DemoWorld } from './demo-world.js';

export interface ActionStep {
  /** The folder under actions/, e.g. `provision-env`. */
  action: string;
  event: { name: string; payload: Record<string, unknown> };
  inputs: Record<string, string>;
  runId: number;
  /** The workflow a person would have written this step in (for GITHUB_WORKFLOW). */
  workflow: string;
}

export interface ActionRun {
  action: string;
  exitCode: number | null;
  outputs: Record<string, string>;
  /** The job summary the step wrote (Markdown), and where the demo kept it. */
  summary: string;
  summaryFile: string;
  log: ActionLog;
  durationMs: number;
}

let stepCount = 0;

/** The bundle a runner would start for this action, or undefined when it has not been built. */
export function actionBundle(world: DemoWorld, action: string): string | undefined {
  const dir = join(world.root, 'actions', action);
  if (!existsSync(join(dir, 'action.yml'))) return undefined;
  const bundle = join(dir, readActionMetadata(dir).main);
  return existsSync(bundle) ? bundle : undefined;
}

function refsFor(step: ActionStep): Record<string, string> {
  const pull = step.event.payload.pull_request as
    | { number: number; head: { ref: string; sha: string }; base: { ref: string } }
    | undefined;
  if (step.event.name === 'pull_request' && pull) {
    return {
      GITHUB_REF: `refs/pull/${pull.number}/merge`,
      GITHUB_REF_NAME: `${pull.number}/merge`,
      GITHUB_HEAD_REF: pull.head.ref,
      GITHUB_BASE_REF: pull.base.ref,
      GITHUB_SHA: pull.head.sha,
    };
  }
  return {
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_SHA: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
  };
}

/**
 * Runs one bundled action as a GitHub runner runs a step: `node <runs.main>` with INPUT_* variables
 * (action.yml defaults filled in), the event payload file, fresh output and summary files, and
 * the runner's GITHUB_* and RUNNER_* variables, in the repository as the workspace.
 */
export async function runAction(world: DemoWorld, step: ActionStep): Promise<ActionRun> {
  stepCount += 1;
  const actionDir = join(world.root, 'actions', step.action);
  const metadata = readActionMetadata(actionDir);
  const stepDir = join(world.workDir, `step-${stepCount}-${basename(step.action)}`);
  const runnerTemp = join(stepDir, 'runner-temp');
  await mkdir(runnerTemp, { recursive: true });
  const files = {
    event: join(stepDir, 'event.json'),
    output: join(stepDir, 'github-output'),
    summary: join(stepDir, 'step-summary.md'),
    env: join(stepDir, 'github-env'),
    path: join(stepDir, 'github-path'),
    state: join(stepDir, 'github-state'),
  };
  await writeFile(files.event, JSON.stringify(step.event.payload, null, 2));
  for (const file of [files.output, files.summary, files.env, files.path, files.state])
    await writeFile(file, '');

  const repository = `${world.github.owner}/${world.github.repo}`;
  const context: Record<string, string> = {
    'github.token': world.token,
    'github.workspace': world.root,
    'github.run_id': String(step.runId),
    'github.repository': repository,
  };
  const inputs: Record<string, string> = {};
  for (const [name, spec] of metadata.inputs) {
    const value =
      step.inputs[name] ?? (spec.default === undefined ? '' : evaluateDefault(spec.default, context));
    // As the runner: upper-cased, spaces to underscores, hyphens kept.
    inputs[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  for (const name of Object.keys(step.inputs)) {
    if (!metadata.inputs.has(name))
      throw new Error(`actions/${step.action}/action.yml has no input "${name}"`);
  }

  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: process.env.LANG ?? 'C.UTF-8',
    // Anything the action or terraform writes to the temp directory stays in the demo's scratch space.
    TMPDIR: runnerTemp,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: world.root,
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_OWNER: world.github.owner,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: world.github.url,
    GITHUB_GRAPHQL_URL: `${world.github.url}/graphql`,
    GITHUB_EVENT_NAME: step.event.name,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path,
    GITHUB_STATE: files.state,
    GITHUB_RUN_ID: String(step.runId),
    GITHUB_RUN_NUMBER: String(stepCount),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW: step.workflow,
    GITHUB_JOB: step.action,
    GITHUB_ACTION: step.action.replace(/-/g, ''),
    GITHUB_ACTOR: 'Codertocat',
    ...refsFor(step),
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'terrarium-demo',
    AZURE_STORAGE_CONNECTION_STRING: world.backend.connectionString,
    ...world.backend.terraformEnv,
    ...world.backend.nodeEnv,
    ...inputs,
  };

  const finished = await world.processes.run(process.execPath, [join(actionDir, metadata.main)], {
    cwd: world.root,
    env,
    timeoutMs: 90_000,
  });
  const log = readWorkflowCommands(finished.stdout);
  for (const mask of log.masks) world.redactor.add(mask);
  if (finished.timedOut) log.errors.push(`the step did not finish within 90 s and was stopped`);
  if (finished.stderr.trim()) log.lines.push(...finished.stderr.trim().split('\n'));

  const summary = await readFile(files.summary, 'utf8');
  const name = `${String(stepCount).padStart(2, '0')}-${basename(step.action)}`;
  const summaryFile = join(world.keepDir, 'summaries', `${name}.md`);
  await writeFile(summaryFile, world.redactor.redact(summary));
  await writeFile(
    join(world.keepDir, 'logs', `${name}.log`),
    world.redactor.redact(`${finished.stdout}\n${finished.stderr}`),
  );
  return {
    action: step.action,
    exitCode: finished.exitCode,
    outputs: parseGitHubOutputFile(await readFile(files.output, 'utf8')),
    summary,
    summaryFile,
    log,
    durationMs: finished.durationMs,
  };
}
