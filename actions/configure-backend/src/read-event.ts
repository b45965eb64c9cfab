import { readFileSync } from 'node:fs';
import { ConfigurationError } from '@terrarium/core';

/** The webhook payload the runner saved at GITHUB_EVENT_PATH; empty outside a workflow run. */
export function readEventPayload(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const path = env.GITHUB_EVENT_PATH;
  if (!path) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`could not read the event payload at GITHUB_EVENT_PATH (${path}): ${String(error)}`);
  }
  try {
    const payload: unknown = JSON.parse(text);
    return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
  } catch {
    throw new ConfigurationError(`GITHUB_EVENT_PATH (${path}) does not hold a JSON event payload`);
  }
}
