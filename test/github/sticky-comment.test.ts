import { silentLogger } from '@terrarium/core';
import { recordingLogger } from '@terrarium/core/testing';
import {
  createGitHubClient,
  GITHUB_COMMENT_LIMIT,
  type Octokit,
  renderEnvironmentComment,
  upsertStickyComment,
} from '@terrarium/github';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type GitHubFake, startGitHubFake } from '../harness/github-fake.js';

describe('sticky PR comment against the GitHub fake', () => {
  let fake: GitHubFake;
  let octokit: Octokit;
  const where = { owner: 'Codertocat', repo: 'Hello-World' };

  beforeEach(async () => {
    fake = await startGitHubFake();
    octokit = createGitHubClient({ token: 'test', baseUrl: fake.url });
  });
  afterEach(() => fake.stop());

  const mine = (issue: number, marker: string) =>
    fake.comments.filter(
      (comment) => comment.issue_number === issue && comment.body.includes(`<!-- terrarium:${marker} -->`),
    );

  it('creates once, then updates in place: one comment after three upserts among 150 others', async () => {
    fake.setPull(12, { state: 'open' });
    for (let index = 0; index < 150; index++) fake.seedComment(12, `review comment ${index}`);
    const results = [];
    for (const status of ['provisioning', 'ready', 'destroyed'] as const) {
      results.push(
        await upsertStickyComment(octokit, {
          ...where,
          issueNumber: 12,
          marker: 'feat-pr-12',
          body: renderEnvironmentComment({ envId: 'feat-pr-12', status }),
          logger: silentLogger,
        }),
      );
    }
    expect(results.map((result) => result.created)).toEqual([true, false, false]);
    expect(new Set(results.map((result) => result.id)).size).toBe(1);
    expect(results[0]?.url).toMatch(
      /^https:\/\/github\.com\/Codertocat\/Hello-World\/pull\/12#issuecomment-\d+$/,
    );
    const comments = mine(12, 'feat-pr-12');
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain('has been torn down');
    expect(fake.comments.filter((comment) => comment.issue_number === 12)).toHaveLength(151);
    // The marker was found on the second page each time: every listing read both pages.
    const listings = fake.requests.filter(
      (request) => request.method === 'GET' && request.path.endsWith('/issues/12/comments'),
    );
    expect(listings.map((request) => request.query.page ?? '1')).toEqual(['1', '2', '1', '2', '1', '2']);
    expect(listings.every((request) => request.query.per_page === '100')).toBe(true);
  });

  it('keeps one comment per environment on the same pull request', async () => {
    for (const marker of ['feat-pr-3', 'perf-pr-3', 'feat-pr-3'])
      await upsertStickyComment(octokit, {
        ...where,
        issueNumber: 3,
        marker,
        body: `status of ${marker}`,
        logger: silentLogger,
      });
    expect(mine(3, 'feat-pr-3')).toHaveLength(1);
    expect(mine(3, 'perf-pr-3')).toHaveLength(1);
  });

  it('does not write an unchanged body again', async () => {
    const options = { ...where, issueNumber: 4, marker: 'feat-pr-4', body: 'same', logger: silentLogger };
    await upsertStickyComment(octokit, options);
    await upsertStickyComment(octokit, options);
    expect(fake.requests.filter((request) => request.method === 'PATCH')).toHaveLength(0);
  });

  it('deletes duplicates a race left behind, keeping the oldest', async () => {
    const first = fake.seedComment(5, '<!-- terrarium:feat-pr-5 -->\nold', 'github-actions[bot]');
    fake.seedComment(5, '<!-- terrarium:feat-pr-5 -->\nracer', 'github-actions[bot]');
    const logger = recordingLogger();
    const result = await upsertStickyComment(octokit, {
      ...where,
      issueNumber: 5,
      marker: 'feat-pr-5',
      body: 'new',
      logger,
    });
    expect(result.id).toBe(first.id);
    expect(mine(5, 'feat-pr-5').map((comment) => comment.body)).toEqual([
      '<!-- terrarium:feat-pr-5 -->\nnew',
    ]);
    expect(logger.lines.some((line) => line.level === 'warning' && line.message.includes('duplicate'))).toBe(
      true,
    );
  });

  it("truncates a huge comment to GitHub's limit (the fake answers 422 beyond it), keeping the marker", async () => {
    const addresses = Array.from({ length: 4000 }, (_, index) => `module.app.terraform_data.item_${index}`);
    const body = renderEnvironmentComment({
      envId: 'feat-pr-6',
      status: 'ready',
      planSummary: { add: 4000, change: 0, destroy: 0, replace: 0, addresses: { add: addresses } },
      failureReason: 'x'.repeat(60_000),
    });
    expect(body.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    await upsertStickyComment(octokit, {
      ...where,
      issueNumber: 6,
      marker: 'feat-pr-6',
      body,
      logger: silentLogger,
      logUrl: 'https://github.com/Codertocat/Hello-World/actions/runs/77',
    });
    const [stored] = mine(6, 'feat-pr-6');
    expect(stored?.body.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(stored?.body).toContain('[run log](https://github.com/Codertocat/Hello-World/actions/runs/77)');
    // A second run still finds it and edits it rather than adding another.
    await upsertStickyComment(octokit, {
      ...where,
      issueNumber: 6,
      marker: 'feat-pr-6',
      body: 'short now',
      logger: silentLogger,
    });
    expect(mine(6, 'feat-pr-6').map((comment) => comment.body)).toEqual([
      '<!-- terrarium:feat-pr-6 -->\nshort now',
    ]);
  });

  it('neutralises a hostile branch name in what GitHub stores', async () => {
    await upsertStickyComment(octokit, {
      ...where,
      issueNumber: 8,
      marker: 'feat-pr-8',
      body: renderEnvironmentComment({
        envId: 'feat-pr-8',
        status: 'ready',
        branch: 'x/@channel <img src=x>`',
      }),
      logger: silentLogger,
    });
    const stored = mine(8, 'feat-pr-8')[0]?.body ?? '';
    expect(stored).toContain('**Branch:** x/@\u200bchannel &lt;img src=x&gt;\\`');
    expect(stored).not.toContain('<img');
    expect(stored).not.toMatch(/@channel/);
  });

  it('refuses a marker that would close the HTML comment early', async () => {
    await expect(
      upsertStickyComment(octokit, {
        ...where,
        issueNumber: 9,
        marker: 'a -->',
        body: 'b',
        logger: silentLogger,
      }),
    ).rejects.toThrow(/marker/);
    expect(fake.requests).toHaveLength(0);
  });

  it("with a person's token (PAT) edits that person's comment in place, and leaves another person's alone", async () => {
    await fake.stop();
    fake = await startGitHubFake({ viewer: 'platform-admin' });
    octokit = createGitHubClient({ token: 'pat', baseUrl: fake.url });
    fake.setPull(8, { state: 'open' });
    const pasted = fake.seedComment(8, '<!-- terrarium:feat-pr-8 -->\nquoted by a reviewer', 'reviewer');
    for (const body of ['one', 'two', 'three']) {
      await upsertStickyComment(octokit, {
        ...where,
        issueNumber: 8,
        marker: 'feat-pr-8',
        body,
        logger: silentLogger,
      });
    }
    const ours = mine(8, 'feat-pr-8').filter((comment) => comment.user.login === 'platform-admin');
    expect(ours.map((comment) => comment.body)).toEqual(['<!-- terrarium:feat-pr-8 -->\nthree']);
    expect(fake.comments.find((comment) => comment.id === pasted.id)?.body).toContain('quoted by a reviewer');
  });

  it("with the Actions token never takes a person's comment that starts with the marker", async () => {
    fake.setPull(9, { state: 'open' });
    const pasted = fake.seedComment(9, "<!-- terrarium:feat-pr-9 -->\nmine, not the bot's", 'reviewer');
    await upsertStickyComment(octokit, {
      ...where,
      issueNumber: 9,
      marker: 'feat-pr-9',
      body: 'up',
      logger: silentLogger,
    });
    expect(fake.comments.find((comment) => comment.id === pasted.id)?.body).toContain('not the bot');
    expect(mine(9, 'feat-pr-9')).toHaveLength(2);
  });
});
