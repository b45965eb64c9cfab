import {
  createGitHubClient,
  GitHubUnavailableError,
  listOpenPullRequestNumbers,
  listOpenPullRequests,
  type Octokit,
  pullRequestState,
  workflowRunState,
} from '@terrarium/github';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type GitHubFake, startGitHubFake } from '../harness/github-fake.js';

describe('workflow run and pull request state against the GitHub fake', () => {
  let fake: GitHubFake;
  let octokit: Octokit;
  const where = { owner: 'Codertocat', repo: 'Hello-World' };

  beforeEach(async () => {
    fake = await startGitHubFake();
    octokit = createGitHubClient({ token: 'test', baseUrl: fake.url, sleep: async () => {} });
  });
  afterEach(() => fake.stop());

  it.each([
    ['queued', null, 'in_progress'],
    ['in_progress', null, 'in_progress'],
    ['waiting', null, 'in_progress'],
    ['completed', 'success', 'completed'],
    ['completed', 'cancelled', 'completed'],
  ] as const)('a run that is %s (%s) is %s', async (status, conclusion, expected) => {
    fake.setWorkflowRun(9876543210, { status, conclusion });
    expect(await workflowRunState(octokit, { ...where, runId: '9876543210' })).toBe(expected);
  });

  it('a run GitHub does not know is unknown', async () => {
    expect(await workflowRunState(octokit, { ...where, runId: 1 })).toBe('unknown');
    expect(await workflowRunState(octokit, { ...where, runId: 'not-a-run' })).toBe('unknown');
  });

  it('an unavailable GitHub is an error, never read as a finished run', async () => {
    fake.setWorkflowRun(5, { status: 'in_progress' });
    fake.failNext({ pathIncludes: '/actions/runs/5' }, { status: 503 }, 10);
    await expect(workflowRunState(octokit, { ...where, runId: 5 })).rejects.toBeInstanceOf(
      GitHubUnavailableError,
    );
  });

  it('reads a pull request: open, closed, merged, labels; undefined when missing', async () => {
    fake.setPull(1, { state: 'open', labels: ['keep-env'], headRef: 'feature/x' });
    fake.setPull(2, { state: 'closed', merged: true });
    fake.setPull(3, { state: 'closed' });
    expect(await pullRequestState(octokit, { ...where, number: 1 })).toEqual({
      state: 'open',
      merged: false,
      labels: ['keep-env'],
      headRef: 'feature/x',
    });
    expect(await pullRequestState(octokit, { ...where, number: 2 })).toMatchObject({
      state: 'closed',
      merged: true,
    });
    expect(await pullRequestState(octokit, { ...where, number: 3 })).toMatchObject({
      state: 'closed',
      merged: false,
    });
    expect(await pullRequestState(octokit, { ...where, number: 99 })).toBeUndefined();
  });

  it('lists every open pull request in one call per 100', async () => {
    for (let number = 1; number <= 250; number++) fake.setPull(number, { state: 'open', labels: ['x'] });
    for (let number = 251; number <= 260; number++) fake.setPull(number, { state: 'closed' });
    const numbers = await listOpenPullRequestNumbers(octokit, where);
    expect(numbers).toHaveLength(250);
    expect(new Set(numbers).size).toBe(250);
    expect(Math.max(...numbers)).toBe(250);
    const listings = fake.requests.filter((request) => request.path.endsWith('/pulls'));
    expect(listings).toHaveLength(3);
    expect(
      listings.every((request) => request.query.state === 'open' && request.query.per_page === '100'),
    ).toBe(true);
    const open = await listOpenPullRequests(octokit, where);
    expect(open[0]).toMatchObject({ labels: ['x'] });
  });
});
