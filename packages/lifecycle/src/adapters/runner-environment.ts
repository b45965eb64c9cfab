import { readFileSync } from 'node:fs';
import { ConfigurationError, type EventContext, eventContextFromGitHub } from '@terrarium/core';
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

/** The webhook payload the runner saved at GITHUB_EVENT_PATH; empty outside a workflow run. */
export function readEventPayload(env: Record<string, string | undefined>): unknown {
  const path = env.GITHUB_EVENT_PATH;
  if (!path) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`could not read the event payload at GITHUB_EVENT_PATH (${path}): ${String(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigurationError(`GITHUB_EVENT_PATH (${path}) does not hold a JSON event payload`);
  }
}

/** Variables that may hold credentials on a runner. */
const SECRET_VARIABLES = [
  'AZURE_STORAGE_CONNECTION_STRING',
  'AZURE_STORAGE_KEY',
  'AZURE_STORAGE_SAS_TOKEN',
  'ARM_ACCESS_KEY',
  'ARM_SAS_TOKEN',
  'ARM_CLIENT_SECRET',
  'GITHUB_TOKEN',
];

/**
 * Every secret value in the environment, whole and, for connection strings, the key or SAS
 * inside (either could be printed alone): for the action to mask before anything runs.
 */
export function secretValuesIn(env: Record<string, string | undefined>): string[] {
  const secrets: string[] = [];
  for (const name of SECRET_VARIABLES) {
    const value = env[name]?.trim();
    if (!value) continue;
    secrets.push(value);
    for (const part of value.split(';')) {
      const match = /^\s*(AccountKey|SharedAccessSignature)\s*=(.+)$/i.exec(part);
      if (match?.[2]) secrets.push(match[2].trim());
    }
  }
  return secrets;
}
