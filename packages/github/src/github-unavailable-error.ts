/**
 * Every failed GitHub call surfaces as this error, after the client's retries are spent. It is
 * never a reason to lose an environment: callers report it (a missing comment or deployment
 * status) and carry on. `status` mirrors Octokit's RequestError, so `error.status === 404`
 * checks keep working; it is 0 when no response came back at all.
 */
export class GitHubUnavailableError extends Error {
  override readonly name = 'GitHubUnavailableError';
  readonly status: number;
  /** `PATCH /repos/o/r/issues/comments/1`, without query string or headers (no secrets). */
  readonly request: string;
  readonly attempts: number;
  readonly rateLimited: boolean;

  constructor(options: {
    status: number;
    request: string;
    attempts: number;
    rateLimited: boolean;
    detail: string;
    cause?: unknown;
  }) {
    const what = options.status === 0 ? 'could not be reached' : `answered ${options.status}`;
    const tries = options.attempts === 1 ? '1 attempt' : `${options.attempts} attempts`;
    const limit = options.rateLimited ? ' (rate limited)' : '';
    super(`GitHub API ${options.request} ${what}${limit} after ${tries}: ${options.detail}`, {
      cause: options.cause,
    });
    this.status = options.status;
    this.request = options.request;
    this.attempts = options.attempts;
    this.rateLimited = options.rateLimited;
  }
}

export function isGitHubUnavailableError(error: unknown): error is GitHubUnavailableError {
  return error instanceof GitHubUnavailableError;
}
