import type { Logger } from '@terrarium/core';
import { createGitHubClient, type Octokit } from '@terrarium/github';

/** The GitHub API client for a token, at GITHUB_API_URL (GitHub Enterprise Server) when it is set. */
export function gitHubClient(
  token: string,
  env: Record<string, string | undefined>,
  logger: Logger,
): Octokit {
  return createGitHubClient({ token, baseUrl: env.GITHUB_API_URL, logger });
}
