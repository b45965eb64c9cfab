import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { startAction } from '../../test/harness/run-action.js';
import type { ActionLog } from '../../test/harness/workflow-commands.js';
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

/**
 * Runs one bundled action as a GitHub runner runs a step (the harness's runner, with action.yml
 * defaults filled in), in the repository as the workspace, against the demo's world.
 */
export async function runAction(world: DemoWorld, step: ActionStep): Promise<ActionRun> {
  stepCount += 1;
  const repository = `${world.github.owner}/${world.github.repo}`;
  const finished = await world.processes.adopt(() =>
    startAction(step.action, {
      inputs: step.inputs,
      event: step.event,
      runId: String(step.runId),
      workspace: world.root,
      under: world.workDir,
      contexts: {
        'github.token': world.token,
        'github.workspace': world.root,
        'github.run_id': String(step.runId),
        'github.repository': repository,
      },
      env: {
        GITHUB_REPOSITORY: repository,
        GITHUB_REPOSITORY_OWNER: world.github.owner,
        GITHUB_API_URL: world.github.url,
        GITHUB_GRAPHQL_URL: `${world.github.url}/graphql`,
        GITHUB_RUN_NUMBER: String(stepCount),
        GITHUB_WORKFLOW: step.workflow,
        RUNNER_NAME: 'terrarium-demo',
        AZURE_STORAGE_CONNECTION_STRING: world.backend.connectionString,
        ...world.backend.terraformEnv,
        ...world.backend.nodeEnv,
      },
      // In the demo's process group: a terminal's Ctrl-C reaches the step and its terraform directly.
      detached: false,
      timeoutMs: 90_000,
    }),
  );
  const log = finished.commands;
  for (const mask of log.masks) world.redactor.add(mask);
  if (finished.timedOut) log.errors.push(`the step did not finish within 90 s and was stopped`);
  if (finished.stderr.trim()) log.lines.push(...finished.stderr.trim().split('\n'));

  const name = `${String(stepCount).padStart(2, '0')}-${basename(step.action)}`;
  const summaryFile = join(world.keepDir, 'summaries', `${name}.md`);
  await writeFile(summaryFile, world.redactor.redact(finished.summary));
  await writeFile(
    join(world.keepDir, 'logs', `${name}.log`),
    world.redactor.redact(`${finished.stdout}\n${finished.stderr}`),
  );
  return {
    action: step.action,
    exitCode: finished.exitCode,
    outputs: finished.outputs,
    summary: finished.summary,
    summaryFile,
    log,
    durationMs: finished.durationMs,
  };
}
