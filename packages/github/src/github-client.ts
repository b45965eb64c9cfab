import { getOctokit } from '@actions/github';
import type { Logger } from '@terrarium/core';
import { GitHubUnavailableError } from './github-unavailable-error.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDecision } from './retry-policy.js';

export type Octokit = ReturnType<typeof getOctokit>;

export interface GitHubClientOptions {
  token: string;
  /** Defaults to GITHUB_API_URL (read now, not at import), then https://api.github.com. */
  baseUrl?: string | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  /** Injected by tests so backoff costs no time. */
  sleep?: ((ms: number) => Promise<void>) | undefined;
  now?: (() => number) | undefined;
  /** Told about each retry, so a slow run says why it is waiting. */
  logger?: Logger | undefined;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * An Octokit from @actions/github, plus what getOctokit lacks: it has no retry and no
 * rate-limit handling, so a single 502 or a secondary rate limit would fail a whole run.
 * Every failure, after the bounded retries, becomes a GitHubUnavailableError.
 */
export function createGitHubClient(options: GitHubClientOptions): Octokit {
  const baseUrl = (options.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(
    /\/+$/,
    '',
  );
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const octokit = getOctokit(options.token, { baseUrl });
  octokit.hook.wrap('request', async (request, requestOptions) => {
    const label = `${requestOptions.method} ${String(requestOptions.url).split('?')[0]}`;
    for (let attempt = 1; ; attempt++) {
      try {
        return await request(requestOptions);
      } catch (error) {
        const { status, headers, detail } = describeFailure(error);
        const decision = retryDecision(policy, attempt, status, headers, now());
        if (!decision.retry)
          throw new GitHubUnavailableError({
            status,
            request: label,
            attempts: attempt,
            rateLimited: decision.rateLimited,
            detail,
            cause: error,
          });
        options.logger?.warning(
          `GitHub API ${label} ${status === 0 ? 'could not be reached' : `answered ${status}`}` +
            `${decision.rateLimited ? ' (rate limited)' : ''}; retrying in ${Math.ceil(decision.delayMs / 1000)} s` +
            ` (attempt ${attempt + 1} of ${policy.retries + 1}).`,
        );
        await sleep(decision.delayMs);
      }
    }
  });
  return octokit;
}

function describeFailure(error: unknown): {
  status: number;
  headers: Record<string, string | undefined>;
  detail: string;
} {
  const candidate = error as {
    status?: unknown;
    message?: unknown;
    response?: { headers?: Record<string, string | undefined>; data?: unknown };
  };
  const status = typeof candidate.status === 'number' ? candidate.status : 0;
  const headers = candidate.response?.headers ?? {};
  const data = candidate.response?.data as { message?: unknown } | undefined;
  const detail =
    typeof data?.message === 'string'
      ? data.message
      : typeof candidate.message === 'string'
        ? candidate.message
        : String(error);
  // Octokit reports a connection failure as status 500 with no response: say so plainly.
  if (candidate.response === undefined && status === 500) return { status: 0, headers, detail };
  return { status, headers, detail };
}
