/**
 * When to try a GitHub request again, and after how long. Pure, so it is tested without a
 * server. GitHub signals its primary rate limit with 403/429 and `x-ratelimit-remaining: 0`
 * (wait until `x-ratelimit-reset`), its secondary limit with `retry-after` (seconds); 5xx
 * answers are transient.
 */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** First backoff step for 5xx; doubles each retry. */
  baseDelayMs: number;
  /** A wait longer than this is not worth it in a CI job: give up at once instead. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 3, baseDelayMs: 1000, maxDelayMs: 60_000 };

export type RetryDecision =
  | { retry: true; delayMs: number; rateLimited: boolean }
  | { retry: false; rateLimited: boolean };

export function isRateLimited(status: number, headers: Record<string, string | undefined>): boolean {
  if (status !== 403 && status !== 429) return false;
  return headers['x-ratelimit-remaining'] === '0' || headers['retry-after'] !== undefined || status === 429;
}

/**
 * @param attempt 1 for the first failed attempt.
 * @param status 0 when no response came back (connection refused, reset).
 */
export function retryDecision(
  policy: RetryPolicy,
  attempt: number,
  status: number,
  headers: Record<string, string | undefined>,
  nowMs: number,
): RetryDecision {
  const rateLimited = isRateLimited(status, headers);
  const transient = status === 0 || status >= 500 || rateLimited;
  if (!transient || attempt > policy.retries) return { retry: false, rateLimited };
  const delayMs = rateLimited
    ? rateLimitDelay(headers, nowMs, policy.baseDelayMs)
    : policy.baseDelayMs * 2 ** (attempt - 1);
  if (delayMs > policy.maxDelayMs) return { retry: false, rateLimited };
  return { retry: true, delayMs, rateLimited };
}

function rateLimitDelay(
  headers: Record<string, string | undefined>,
  nowMs: number,
  fallbackMs: number,
): number {
  const retryAfter = Number(headers['retry-after']);
  if (headers['retry-after'] !== undefined && Number.isFinite(retryAfter))
    return Math.max(0, retryAfter) * 1000;
  const reset = Number(headers['x-ratelimit-reset']);
  // One extra second: the reset instant is rounded down to whole seconds.
  if (headers['x-ratelimit-reset'] !== undefined && Number.isFinite(reset))
    return Math.max(0, reset * 1000 - nowMs) + 1000;
  return fallbackMs;
}
