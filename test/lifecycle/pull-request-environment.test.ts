import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullRequestPayload } from '../harness/webhook-payloads.js';
import { type ActionBed, blobNames, startActionBed, TOKEN } from './action-bed.js';

const PR = 4321;
const event = (action: 'opened' | 'synchronize' | 'closed') => ({
  name: 'pull_request',
  payload: pullRequestPayload(action, { number: PR, headRef: 'feature/login' }),
});

describe('a pull request environment through the bundled actions: opened, synchronize, closed', () => {
  let bed: ActionBed;

  beforeAll(async () => {
    bed = await startActionBed();
    bed.github.setPull(PR, { state: 'open', headRef: 'feature/login' });
  });
  afterAll(async () => {
    await bed?.stop();
  });

  it('brings the environment up on opened: state, record, outputs, comment and deployment', async () => {
    const result = await bed.run('provision-env', {
      inputs: { environment: 'feat' },
      event: event('opened'),
      runId: '1001',
    });
    expect(result.code, result.log).toBe(0);
    expect(result.outputs).toMatchObject({
      'env-id': `feat-pr-${PR}`,
      'state-key': `feat/pr-${PR}/terraform.tfstate`,
      url: `https://feat-pr-${PR}.example.test`,
      'plan-add': '3',
      changed: 'true',
      'failure-reason': '',
    });
    expect(result.outputs['plan-hash']).toMatch(/^sha256:[0-9a-f]{64}$/);
    const outputs = JSON.parse(result.outputs['outputs-json'] ?? '{}');
    expect(outputs).toEqual({
      environment_url: `https://feat-pr-${PR}.example.test`,
      resource_group: `rg-feat-pr-${PR}`,
    });
    expect(result.log).not.toContain('not-a-real-password');
    // Every secret is masked before the first line that is not a mask registration, and never shown.
    const firstLog = result.stdout.split('\n').findIndex((line) => !line.startsWith('::add-mask::'));
    const masks = result.stdout.split('\n').slice(0, firstLog);
    for (const secret of [bed.backend.accountKey, bed.backend.connectionString, TOKEN]) {
      expect(masks).toContain(`::add-mask::${secret}`);
      expect(result.log).not.toContain(secret);
      expect(result.summary).not.toContain(secret);
    }

    expect(await blobNames(bed.blobs(), bed.container, `feat/pr-${PR}/`)).toEqual([
      `feat/pr-${PR}/terraform.tfstate`,
      `feat/pr-${PR}/terrarium.json`,
    ]);
    const comments = bed.github.comments.filter((comment) => comment.issue_number === PR);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain(`https://feat-pr-${PR}.example.test`);
    const deployments = bed.github.deployments.filter(
      (deployment) => deployment.environment === `feat-pr-${PR}`,
    );
    expect(deployments).toHaveLength(1);
    const statuses = bed.github.deploymentStatuses.filter(
      (status) => status.deployment_id === deployments[0]?.id,
    );
    expect(statuses.map((status) => status.state)).toEqual(['in_progress', 'success']);
    expect(result.summary).toContain(`Provisioned: \`feat-pr-${PR}\``);
  });

  it('updates the same environment and edits the same comment on synchronize', async () => {
    const before = bed.github.comments.find((comment) => comment.issue_number === PR);
    const result = await bed.run('provision-env', {
      inputs: { environment: 'feat' },
      event: event('synchronize'),
      runId: '1002',
    });
    expect(result.code, result.log).toBe(0);
    expect(result.outputs['state-key']).toBe(`feat/pr-${PR}/terraform.tfstate`);
    const comments = bed.github.comments.filter((comment) => comment.issue_number === PR);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.id).toBe(before?.id);
    expect(
      bed.github.requests.some(
        (request) => request.method === 'PATCH' && request.path.includes('/issues/comments/'),
      ),
    ).toBe(true);
    const record = JSON.parse(
      (
        await bed
          .blobs()
          .getContainerClient(bed.container)
          .getBlobClient(`feat/pr-${PR}/terrarium.json`)
          .downloadToBuffer()
      ).toString(),
    );
    expect(record).toMatchObject({ status: 'ready', lastRunId: '1002', envId: `feat-pr-${PR}` });
  });

  it('removes state and record on closed, keeps a backup and marks the deployment inactive', async () => {
    const result = await bed.run('teardown-env', {
      inputs: { environment: 'feat' },
      event: event('closed'),
      runId: '1003',
    });
    expect(result.code, result.log).toBe(0);
    expect(result.outputs).toMatchObject({
      destroyed: JSON.stringify([`feat-pr-${PR}`]),
      failed: '[]',
      'failure-reason': '',
    });
    expect(await blobNames(bed.blobs(), bed.container, `feat/pr-${PR}/`)).toEqual([]);
    const backups = await blobNames(bed.blobs(), bed.container, `backups/feat-pr-${PR}/`);
    expect(backups.some((name) => name.includes('pre-destroy'))).toBe(true);
    expect(backups.some((name) => name.includes('final'))).toBe(true);
    const deployment = bed.github.deployments.find((d) => d.environment === `feat-pr-${PR}`);
    const last = bed.github.deploymentStatuses
      .filter((status) => status.deployment_id === deployment?.id)
      .at(-1);
    expect(last?.state).toBe('inactive');
    const comment = bed.github.comments.find((c) => c.issue_number === PR);
    expect(comment?.body).toMatch(/torn down/);
  });
});
