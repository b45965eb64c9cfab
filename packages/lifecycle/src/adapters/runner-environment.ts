import { type EventContext, eventContextFromGitHub, readEventPayload } from '@terrarium/core';
import type { RunContext } from '../ports.js';

/** What a GitHub Actions runner tells a step about its run, read from the environment. */
export interface RunnerEnvironment {
  event: EventContext;
  run: RunContext | undefined;
  /** `owner/name`. */
  repository: string | undefined;
  /** GITHUB_SHA, or the pull request's head commit. */
  ref: string | undefined;
}

export function readRunnerEnvironment(env: Record<string, string | undefined>): RunnerEnvironment {
  const event = eventContextFromGitHub({
    eventName: env.GITHUB_EVENT_NAME,
    payload: readEventPayload(env),
    env,
  });
  const runId = event.runId;
  const server = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  const repository = env.GITHUB_REPOSITORY?.trim() || undefined;
  return {
    event,
    run: runId
      ? { id: runId, url: repository ? `${server}/${repository}/actions/runs/${runId}` : undefined }
      : undefined,
    repository,
    ref: event.commit ?? (env.GITHUB_SHA?.trim() || undefined),
  };
}
