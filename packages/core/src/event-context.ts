import type { EventContext } from './target-types.js';

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target', 'pull_request_review']);

/**
 * What naming needs from a GitHub Actions run. Pull request events give the PR number and head
 * branch from the payload; other events (schedule, workflow_dispatch, push) the run id and ref name.
 * The payload is untrusted: anything of the wrong shape is ignored rather than believed.
 */
export function eventContextFromGitHub(input: {
  eventName?: string;
  payload?: unknown;
  env: Record<string, string | undefined>;
}): EventContext {
  const { env } = input;
  const eventName = nonEmpty(input.eventName) ?? nonEmpty(env.GITHUB_EVENT_NAME);
  const context: EventContext = {
    eventName,
    runId: digits(env.GITHUB_RUN_ID),
    branch: nonEmpty(env.GITHUB_HEAD_REF) ?? nonEmpty(env.GITHUB_REF_NAME),
    commit: nonEmpty(env.GITHUB_SHA),
    repository: nonEmpty(env.GITHUB_REPOSITORY),
  };
  if (eventName !== undefined && PULL_REQUEST_EVENTS.has(eventName)) {
    const pr = field(input.payload, 'pull_request');
    const number = field(pr, 'number') ?? field(input.payload, 'number');
    if (typeof number === 'number' && Number.isSafeInteger(number) && number > 0)
      context.pullRequest = number;
    const head = field(pr, 'head');
    const ref = field(head, 'ref');
    if (typeof ref === 'string' && ref !== '') context.branch = ref;
    const sha = field(head, 'sha');
    if (typeof sha === 'string' && /^[0-9a-f]{7,64}$/i.test(sha)) context.commit = sha;
  }
  return context;
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function digits(value: string | undefined): string | undefined {
  return value !== undefined && /^\d{1,30}$/.test(value.trim()) ? value.trim() : undefined;
}
