import { recordingLogger } from '@terrarium/core/testing';
import { createGitHubClient, GitHubUnavailableError } from '@terrarium/github';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type GitHubFake, startGitHubFake } from '../harness/github-fake.js';

describe('createGitHubClient retries against the GitHub fake', () => {
  let fake: GitHubFake;
  let slept: number[];
  const NOW = 1_800_000_000_000;
  const where = { owner: 'Codertocat', repo: 'Hello-World', pull_number: 1 };

  beforeEach(async () => {
    fake = await startGitHubFake();
    fake.setPull(1, { state: 'open' });
    slept = [];
  });
  afterEach(() => fake.stop());

  const client = (token = 'test') =>
    createGitHubClient({
      token,
      baseUrl: fake.url,
      now: () => NOW,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
  const pullRequests = () => fake.requests.filter((request) => request.path.endsWith('/pulls/1'));

  it('retries after a 500 and succeeds, saying why it waited', async () => {
    fake.failNext({ method: 'GET', pathIncludes: '/pulls/1' }, { status: 500 });
    const logger = recordingLogger();
    const octokit = createGitHubClient({
      token: 'test',
      baseUrl: fake.url,
      logger,
      sleep: async (ms) => void slept.push(ms),
    });
    const { data } = await octokit.rest.pulls.get(where);
    expect(data.number).toBe(1);
    expect(slept).toEqual([1000]);
    expect(pullRequests()).toHaveLength(2);
    expect(logger.lines).toEqual([
      {
        level: 'warning',
        message:
          'GitHub API GET /repos/{owner}/{repo}/pulls/{pull_number} answered 500; retrying in 1 s (attempt 2 of 4).',
      },
    ]);
  });

  it('waits out a 403 rate limit until x-ratelimit-reset, then succeeds', async () => {
    fake.failNext(
      { pathIncludes: '/pulls/1' },
      {
        status: 403,
        body: {
          message: 'API rate limit exceeded for installation ID 1.',
          documentation_url: 'https://docs.github.com',
        },
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 20) },
      },
    );
    expect((await client().rest.pulls.get(where)).status).toBe(200);
    expect(slept).toEqual([21_000]);
  });

  it('honours retry-after on a secondary rate limit (429)', async () => {
    fake.failNext({ pathIncludes: '/pulls/1' }, { status: 429, headers: { 'retry-after': '3' } }, 2);
    expect((await client().rest.pulls.get(where)).status).toBe(200);
    expect(slept).toEqual([3000, 3000]);
  });

  it('gives up after 3 retries with a clear error that names the request, not the token', async () => {
    fake.failNext({ pathIncludes: '/pulls/1' }, { status: 502 }, 100);
    const error = await client('ghs_SuperSecretToken')
      .rest.pulls.get(where)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GitHubUnavailableError);
    expect(error).toMatchObject({ status: 502, attempts: 4, rateLimited: false });
    expect((error as Error).message).toBe(
      'GitHub API GET /repos/{owner}/{repo}/pulls/{pull_number} answered 502 after 4 attempts: Bad Gateway',
    );
    expect(JSON.stringify(error)).not.toContain('SuperSecret');
    expect((error as Error).message).not.toContain('SuperSecret');
    expect(pullRequests()).toHaveLength(4);
    expect(slept).toEqual([1000, 2000, 4000]);
  });

  it('does not sit out a rate limit that resets in an hour', async () => {
    fake.failNext(
      { pathIncludes: '/pulls/1' },
      {
        status: 403,
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 3600) },
      },
    );
    await expect(client().rest.pulls.get(where)).rejects.toMatchObject({
      status: 403,
      rateLimited: true,
      attempts: 1,
    });
    expect(slept).toEqual([]);
  });

  it('does not retry a 403 that is a permission problem, nor a 404', async () => {
    fake.failNext(
      { pathIncludes: '/pulls/1' },
      { status: 403, body: { message: 'Resource not accessible by integration' } },
    );
    await expect(client().rest.pulls.get(where)).rejects.toThrow(
      /answered 403 after 1 attempt: Resource not accessible/,
    );
    await expect(client().rest.pulls.get({ ...where, pull_number: 2 })).rejects.toMatchObject({
      status: 404,
    });
    expect(slept).toEqual([]);
  });

  it('reports an unreachable GitHub as status 0', async () => {
    const url = fake.url;
    await fake.stop();
    const octokit = createGitHubClient({ token: 't', baseUrl: url, sleep: async () => {} });
    await expect(octokit.rest.pulls.get(where)).rejects.toMatchObject({ status: 0, attempts: 4 });
    fake = await startGitHubFake();
  });

  it('reads GITHUB_API_URL when no baseUrl is given (at call time, not import time)', async () => {
    const previous = process.env.GITHUB_API_URL;
    process.env.GITHUB_API_URL = fake.url;
    try {
      expect((await createGitHubClient({ token: 'test' }).rest.pulls.get(where)).status).toBe(200);
    } finally {
      if (previous === undefined) delete process.env.GITHUB_API_URL;
      else process.env.GITHUB_API_URL = previous;
    }
  });
});
