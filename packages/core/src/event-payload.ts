import { readFileSync } from 'node:fs';
import { ConfigurationError } from './errors.js';

/**
 * The webhook payload the runner saved at GITHUB_EVENT_PATH; empty outside a workflow run. It is
 * untrusted: eventContextFromGitHub believes only fields of the right shape.
 */
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
