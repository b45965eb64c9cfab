import { silentLogger } from '@terrarium/core';
import {
  createGitHubClient,
  deactivateEnvironmentDeployments,
  type Octokit,
  setDeploymentStatus,
  startDeployment,
} from '@terrarium/github';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type GitHubFake, startGitHubFake } from '../harness/github-fake.js';

describe('deployments against the GitHub fake', () => {
  let fake: GitHubFake;
  let octokit: Octokit;
  const where = { owner: 'Codertocat', repo: 'Hello-World' };

  beforeEach(async () => {
    fake = await startGitHubFake();
    octokit = createGitHubClient({ token: 'test', baseUrl: fake.url });
  });
  afterEach(() => fake.stop());

  const start = (environment: string, ref = 'changes') =>
    startDeployment(octokit, {
      ...where,
      ref,
      environment,
      description: `Terrarium: ${environment}`,
      transient: true,
      production: false,
      logger: silentLogger,
    });

  const statesOf = (deploymentId: number) =>
    fake.deploymentStatuses
      .filter((status) => status.deployment_id === deploymentId)
      .map((status) => status.state);

  it('creates a transient deployment that neither auto-merges nor waits for checks', async () => {
    const id = await start('feat-pr-2');
    const created = fake.requests.find(
      (request) => request.method === 'POST' && request.path.endsWith('/deployments'),
    );
    expect(created?.body).toMatchObject({
      ref: 'changes',
      environment: 'feat-pr-2',
      auto_merge: false,
      required_contexts: [],
      transient_environment: true,
      production_environment: false,
    });
    expect(fake.deployments).toEqual([
      expect.objectContaining({ id, environment: 'feat-pr-2', transient_environment: true }),
    ]);
  });

  it('records in_progress then success with the environment and log URLs', async () => {
    const id = await start('feat-pr-2');
    await setDeploymentStatus(octokit, { ...where, deploymentId: id, state: 'in_progress' });
    await setDeploymentStatus(octokit, {
      ...where,
      deploymentId: id,
      state: 'success',
      environmentUrl: 'https://feat-pr-2.example.com',
      logUrl: 'https://github.com/Codertocat/Hello-World/actions/runs/5',
      description: 'd'.repeat(300),
    });
    expect(statesOf(id)).toEqual(['in_progress', 'success']);
    const last = fake.deploymentStatuses.at(-1);
    expect(last).toMatchObject({
      environment_url: 'https://feat-pr-2.example.com',
      log_url: 'https://github.com/Codertocat/Hello-World/actions/runs/5',
    });
    expect(last?.description.length).toBe(140);
  });

  it('marks every deployment of a torn-down environment inactive, and no other', async () => {
    const ours = [
      await start('feat-pr-3', 'a'),
      await start('feat-pr-3', 'b'),
      await start('feat-pr-3', 'c'),
    ];
    for (const id of ours)
      await setDeploymentStatus(octokit, { ...where, deploymentId: id, state: 'success' });
    const other = await start('feat-pr-4');
    await setDeploymentStatus(octokit, { ...where, deploymentId: other, state: 'success' });

    const count = await deactivateEnvironmentDeployments(octokit, { ...where, environment: 'feat-pr-3' });
    expect(count).toBe(3);
    for (const id of ours) expect(statesOf(id).at(-1)).toBe('inactive');
    expect(statesOf(other)).toEqual(['success']);
  });

  it('pages through more than 100 deployments', async () => {
    for (let index = 0; index < 105; index++) await start('stg', `r${index}`);
    expect(await deactivateEnvironmentDeployments(octokit, { ...where, environment: 'stg' })).toBe(105);
    const listings = fake.requests.filter(
      (request) => request.method === 'GET' && request.path.endsWith('/deployments'),
    );
    expect(listings).toHaveLength(2);
  });
});
