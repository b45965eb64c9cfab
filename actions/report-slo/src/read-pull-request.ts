import { readFileSync } from 'node:fs';

/** The pull request number of a pull_request(_target) event, read from GITHUB_EVENT_PATH. */
export function pullRequestNumber(env: NodeJS.ProcessEnv): number | undefined {
  if (env.GITHUB_EVENT_NAME !== 'pull_request' && env.GITHUB_EVENT_NAME !== 'pull_request_target')
    return undefined;
  if (!env.GITHUB_EVENT_PATH) return undefined;
  const payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as {
    pull_request?: { number?: unknown };
  };
  const number = payload.pull_request?.number;
  return typeof number === 'number' ? number : undefined;
}
