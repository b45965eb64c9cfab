import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Real webhook payloads, as GitHub writes them to GITHUB_EVENT_PATH, taken from the examples
 * @octokit/webhooks-examples collects (api.github.com/index.json: one entry per event, with
 * `examples`). Every payload's repository is Codertocat/Hello-World, the github fake's default.
 */

export type PullRequestAction = 'opened' | 'reopened' | 'synchronize' | 'closed' | 'labeled';

export interface PullRequestOverrides {
  number?: number;
  headRef?: string;
  merged?: boolean;
  title?: string;
  labels?: string[];
}

interface WebhookLabel {
  id: number;
  node_id: string;
  url: string;
  name: string;
  color: string;
  default: boolean;
  description: string | null;
}

/** The fields tests touch; the rest of the real payload is kept as it is. */
export interface PullRequestPayload {
  action: PullRequestAction;
  number: number;
  pull_request: {
    number: number;
    state: 'open' | 'closed';
    title: string;
    merged: boolean | null;
    merged_at: string | null;
    closed_at: string | null;
    html_url: string;
    url: string;
    labels: WebhookLabel[];
    head: { ref: string; label: string; sha: string };
    base: { ref: string };
    [field: string]: unknown;
  };
  repository: { name: string; full_name: string; owner: { login: string }; [field: string]: unknown };
  label?: WebhookLabel;
  [field: string]: unknown;
}

export type EventPayload = Record<string, unknown>;

interface WebhookDefinition {
  name: string;
  examples: EventPayload[];
}

const require = createRequire(import.meta.url);
let definitions: WebhookDefinition[] | undefined;

function examples(event: string): EventPayload[] {
  // 4 MB of JSON: read once per test file.
  definitions ??= require('@octokit/webhooks-examples') as WebhookDefinition[];
  const found = definitions.find((definition) => definition.name === event);
  if (!found) throw new Error(`@octokit/webhooks-examples has no ${event} examples`);
  return found.examples;
}

function copy<T>(value: T): T {
  return structuredClone(value);
}

function pullRequestExample(action: PullRequestAction): PullRequestPayload {
  const example = examples('pull_request').find((candidate) => candidate.action === action);
  if (!example) throw new Error(`@octokit/webhooks-examples has no pull_request.${action} example`);
  return copy(example) as unknown as PullRequestPayload;
}

function labelFor(name: string, index: number): WebhookLabel {
  // The real label object of the `labeled` example, renamed.
  const template = pullRequestExample('labeled').label as WebhookLabel;
  return {
    ...template,
    id: template.id + index + 1,
    node_id: Buffer.from(`LA_${name}`).toString('base64'),
    url: template.url.replace(/[^/]+$/, encodeURIComponent(name)),
    name,
  };
}

export function pullRequestPayload(
  action: PullRequestAction,
  overrides: PullRequestOverrides = {},
): PullRequestPayload {
  const payload = pullRequestExample(action);
  const pull = payload.pull_request;
  if (overrides.number !== undefined) {
    const from = pull.number;
    const to = overrides.number;
    payload.number = to;
    pull.number = to;
    for (const [field, value] of Object.entries(pull)) {
      if (typeof value === 'string' && /\/(pull|pulls|issues)\/\d+/.test(value))
        pull[field] = value.replace(new RegExp(`/(pull|pulls|issues)/${from}(?=/|$)`), `/$1/${to}`);
    }
  }
  if (overrides.headRef !== undefined) {
    pull.head.ref = overrides.headRef;
    pull.head.label = `${payload.repository.owner.login}:${overrides.headRef}`;
  }
  if (overrides.title !== undefined) pull.title = overrides.title;
  if (overrides.merged !== undefined) {
    pull.merged = overrides.merged;
    pull.merged_at = overrides.merged ? (pull.closed_at ?? '2019-05-15T15:20:33Z') : null;
  }
  if (overrides.labels !== undefined) {
    pull.labels = overrides.labels.map(labelFor);
    const last = pull.labels.at(-1);
    if (action === 'labeled' && last) payload.label = last;
  }
  return payload;
}

/** The repository object the pull_request examples carry, so every payload names the same one. */
function exampleRepository(): EventPayload {
  return pullRequestExample('opened').repository;
}

/** A `schedule` event as Actions writes it (schedules are no webhook, so there is no example). */
export function schedulePayload(
  cron = '0 3 * * *',
  workflow = '.github/workflows/terrarium-perf.yml',
): EventPayload {
  return { schedule: cron, repository: exampleRepository(), workflow };
}

export function workflowDispatchPayload(
  inputs: Record<string, string> = {},
  ref = 'refs/heads/main',
): EventPayload {
  const example = examples('workflow_dispatch')[0];
  if (!example) throw new Error('@octokit/webhooks-examples has no workflow_dispatch example');
  const payload = copy(example);
  // The example belongs to octo-org/octo-repo; point it at the same repository as the others.
  delete payload.organization;
  return { ...payload, inputs: { ...inputs }, ref, repository: exampleRepository() };
}

/** Writes the payload to `event.json` in `directory` (a fresh temporary one by default) and returns its path, for GITHUB_EVENT_PATH. */
export function writeEventFile(
  payload: unknown,
  directory = mkdtempSync(join(tmpdir(), 'terrarium-event-')),
): string {
  const file = join(directory, 'event.json');
  writeFileSync(file, JSON.stringify(payload, null, 2));
  return file;
}
