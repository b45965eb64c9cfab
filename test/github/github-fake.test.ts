import { createGitHubClient, type Octokit } from '@terrarium/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GitHubFake, startGitHubFake } from '../harness/github-fake.js';

describe('the GitHub API fake', () => {
  let fake: GitHubFake;
  let octokit: Octokit;
  const repo = { owner: 'Codertocat', repo: 'Hello-World' };

  beforeAll(async () => {
    fake = await startGitHubFake();
    // No retries here: this suite checks the fake, not the client.
    octokit = createGitHubClient({ token: 'test', baseUrl: fake.url, retry: { retries: 0 } });
  });
  afterAll(() => fake.stop());

  it('creates, lists across pages, updates and deletes issue comments', async () => {
    for (let i = 0; i < 105; i++) fake.seedComment(7, `noise ${i}`);
    const created = await octokit.rest.issues.createComment({ ...repo, issue_number: 7, body: 'hello' });
    expect(created.status).toBe(201);
    expect(created.data.html_url).toContain('/issues/7#issuecomment-');
    const first = await octokit.rest.issues.listComments({ ...repo, issue_number: 7, per_page: 100 });
    expect(first.data).toHaveLength(100);
    expect(first.headers.link).toContain('rel="next"');
    const all = await octokit.paginate(octokit.rest.issues.listComments, {
      ...repo,
      issue_number: 7,
      per_page: 100,
    });
    expect(all).toHaveLength(106);
    expect(all.at(-1)?.body).toBe('hello');
    const updated = await octokit.rest.issues.updateComment({
      ...repo,
      comment_id: created.data.id,
      body: 'bye',
    });
    expect(updated.data.body).toBe('bye');
    await octokit.rest.issues.deleteComment({ ...repo, comment_id: created.data.id });
    expect(fake.comments.filter((comment) => comment.issue_number === 7)).toHaveLength(105);
  });

  it('rejects comment bodies over 65536 characters as GitHub does', async () => {
    await expect(
      octokit.rest.issues.createComment({ ...repo, issue_number: 8, body: 'x'.repeat(65537) }),
    ).rejects.toMatchObject({ status: 422 });
  });

  it('serves issues filtered by state and labels, and labels', async () => {
    const issue = await octokit.rest.issues.create({ ...repo, title: 'SLO breach', labels: ['slo', 'feat'] });
    await octokit.rest.issues.create({ ...repo, title: 'other', labels: ['slo'] });
    const found = await octokit.rest.issues.listForRepo({ ...repo, state: 'open', labels: 'slo,feat' });
    expect(found.data.map((entry) => entry.number)).toEqual([issue.data.number]);
    await octokit.rest.issues.update({ ...repo, issue_number: issue.data.number, state: 'closed' });
    const open = await octokit.rest.issues.listForRepo({ ...repo, labels: 'feat' });
    expect(open.data).toHaveLength(0);
    expect((await octokit.rest.issues.get({ ...repo, issue_number: issue.data.number })).data.state).toBe(
      'closed',
    );
    expect((await octokit.rest.issues.getLabel({ ...repo, name: 'slo' })).data.name).toBe('slo');
    await expect(octokit.rest.issues.createLabel({ ...repo, name: 'slo' })).rejects.toMatchObject({
      status: 422,
    });
    await expect(octokit.rest.issues.getLabel({ ...repo, name: 'missing' })).rejects.toMatchObject({
      status: 404,
    });
  });

  it('keeps deployments and statuses, marking earlier successes inactive like auto_inactive', async () => {
    const one = await octokit.rest.repos.createDeployment({ ...repo, ref: 'main', environment: 'stg' });
    const two = await octokit.rest.repos.createDeployment({ ...repo, ref: 'main', environment: 'stg' });
    if (!('id' in one.data) || !('id' in two.data)) throw new Error('expected deployments');
    await octokit.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: one.data.id,
      state: 'success',
    });
    await octokit.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: two.data.id,
      state: 'success',
    });
    const statuses = await octokit.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: one.data.id });
    expect(statuses.data.map((status) => status.state)).toEqual(['inactive', 'success']);
    const listed = await octokit.rest.repos.listDeployments({ ...repo, environment: 'stg' });
    expect(listed.data.map((deployment) => deployment.id)).toEqual([two.data.id, one.data.id]);
  });

  it('serves workflow runs and pull requests, 404 for unknown ones', async () => {
    fake.setWorkflowRun(42, { status: 'in_progress' });
    expect((await octokit.rest.actions.getWorkflowRun({ ...repo, run_id: 42 })).data.status).toBe(
      'in_progress',
    );
    await expect(octokit.rest.actions.getWorkflowRun({ ...repo, run_id: 43 })).rejects.toMatchObject({
      status: 404,
    });
    fake.setPull(5, { state: 'closed', merged: true, labels: ['keep'] });
    fake.setPull(6, { state: 'open' });
    const pull = await octokit.rest.pulls.get({ ...repo, pull_number: 5 });
    expect(pull.data).toMatchObject({ state: 'closed', merged: true, labels: [{ name: 'keep' }] });
    const open = await octokit.rest.pulls.list({ ...repo, state: 'open' });
    expect(open.data.map((entry) => entry.number)).toEqual([6]);
  });

  it('fails the next matching requests on demand and records unknown routes', async () => {
    fake.failNext({ method: 'GET', pathIncludes: '/pulls/6' }, { status: 502 }, 1);
    await expect(octokit.rest.pulls.get({ ...repo, pull_number: 6 })).rejects.toMatchObject({ status: 502 });
    expect((await octokit.rest.pulls.get({ ...repo, pull_number: 6 })).status).toBe(200);
    await expect(octokit.request('GET /repos/{owner}/{repo}/nothing', repo)).rejects.toMatchObject({
      status: 404,
    });
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: '/repos/Codertocat/Hello-World/nothing',
    });
  });

  it('answers 401 without a token, and links every page as GitHub does', async () => {
    const anonymous = await fetch(`${fake.url}/repos/Codertocat/Hello-World/pulls/6`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ message: 'Requires authentication' });
    for (let index = 0; index < 5; index++) fake.seedComment(20, `c${index}`);
    const middle = await octokit.rest.issues.listComments({
      ...repo,
      issue_number: 20,
      per_page: 2,
      page: 2,
    });
    expect(middle.data.map((comment) => comment.body)).toEqual(['c2', 'c3']);
    const rels = (middle.headers.link ?? '').split(', ').map((part) => /rel="(\w+)"/.exec(part)?.[1]);
    expect(rels).toEqual(['prev', 'next', 'last', 'first']);
    expect(middle.headers.link).toContain(
      `<${fake.url}/repos/Codertocat/Hello-World/issues/20/comments?per_page=2&page=3>; rel="next"`,
    );
  });

  it('shows pull requests in issue listings, as GitHub does, and lists them without `merged`', async () => {
    fake.setPull(30, { state: 'open', labels: ['incident-like'] });
    const listed = await octokit.rest.issues.listForRepo({ ...repo, labels: 'incident-like' });
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0]).toMatchObject({ number: 30, pull_request: { merged_at: null } });
    expect((await octokit.rest.issues.get({ ...repo, issue_number: 30 })).data.pull_request).toBeDefined();
    const pulls = await octokit.rest.pulls.list({ ...repo, state: 'all' });
    expect(pulls.data.every((pull) => !('merged' in pull))).toBe(true);
  });
});
