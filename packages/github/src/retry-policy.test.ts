import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, isRateLimited, retryDecision } from './retry-policy.js';

const NOW = 1_700_000_000_000;

describe('retryDecision', () => {
  it.each([
    ['500 backs off 1 s first', 1, 500, {}, { retry: true, delayMs: 1000, rateLimited: false }],
    ['502 doubles on the third attempt', 3, 502, {}, { retry: true, delayMs: 4000, rateLimited: false }],
    ['no response at all is transient', 1, 0, {}, { retry: true, delayMs: 1000, rateLimited: false }],
    ['gives up after the last retry', 4, 503, {}, { retry: false, rateLimited: false }],
    ['404 is final', 1, 404, {}, { retry: false, rateLimited: false }],
    ['422 is final', 1, 422, {}, { retry: false, rateLimited: false }],
    [
      '403 without rate-limit headers is a permission problem',
      1,
      403,
      {},
      { retry: false, rateLimited: false },
    ],
    [
      '403 primary limit waits until reset (+1 s)',
      1,
      403,
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 5) },
      { retry: true, delayMs: 6000, rateLimited: true },
    ],
    [
      '403 secondary limit honours retry-after',
      1,
      403,
      { 'retry-after': '7' },
      { retry: true, delayMs: 7000, rateLimited: true },
    ],
    ['429 with retry-after', 2, 429, { 'retry-after': '0' }, { retry: true, delayMs: 0, rateLimited: true }],
    [
      'a reset an hour away is not worth waiting for',
      1,
      403,
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 3600) },
      { retry: false, rateLimited: true },
    ],
  ] as const)('%s', (_name, attempt, status, headers, expected) => {
    expect(retryDecision(DEFAULT_RETRY_POLICY, attempt, status, headers, NOW)).toEqual(expected);
  });

  it('only 403 and 429 can be rate limits', () => {
    expect(isRateLimited(500, { 'retry-after': '1' })).toBe(false);
    expect(isRateLimited(429, {})).toBe(true);
  });
});
