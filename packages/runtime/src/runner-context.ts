import { tmpdir } from 'node:os';
import { type EventContext, eventContextFromGitHub, readEventPayload } from '@terrarium/core';
import type { RunContext } from '@terrarium/lifecycle';

/** What a GitHub Actions runner tells a step about its run, read from the environment once. */
export interface RunnerContext {
  event: EventContext;
  /** The workflow run doing the work, with its log's URL; undefined outside a workflow run. */
  run: RunContext | undefined;
  /** `owner/name`. */
  repository: string | undefined;
  /** GITHUB_SHA, or the pull request's head commit. */
  ref: string | undefined;
  /** GITHUB_SERVER_URL without a trailing slash; https://github.com when unset. */
  serverUrl: string;
  /** RUNNER_TEMP: scratch space the runner removes after the job (the system's temp folder outside one). */
  runnerTemp: string;
  /** GITHUB_WORKSPACE: what relative paths in inputs are relative to (the cwd outside a runner). */
  workspace: string;
}

export function readRunnerContext(env: Record<string, string | undefined>): RunnerContext {
  const event = eventContextFromGitHub({
    eventName: env.GITHUB_EVENT_NAME,
    payload: readEventPayload(env),
    env,
  });
  const serverUrl = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  const repository = env.GITHUB_REPOSITORY?.trim() || undefined;
  const runId = event.runId;
  return {
    event,
    run: runId ? { id: runId, url: runUrl(serverUrl, repository, runId) } : undefined,
    repository,
    ref: event.commit ?? (env.GITHUB_SHA?.trim() || undefined),
    serverUrl,
    runnerTemp: env.RUNNER_TEMP ?? tmpdir(),
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
  };
}

/** The one place a workflow run's log URL is made; undefined without the repository. */
function runUrl(serverUrl: string, repository: string | undefined, runId: string): string | undefined {
  return repository ? `${serverUrl}/${repository}/actions/runs/${runId}` : undefined;
}
