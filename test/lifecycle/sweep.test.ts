import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullRequestPayload, schedulePayload } from '../harness/webhook-payloads.js';
import { type ActionBed, blobNames, startActionBed } from './action-bed.js';

const opened = (number: number) => ({
  name: 'pull_request',
  payload: pullRequestPayload('opened', { number }),
});
const schedule = { name: 'schedule', payload: schedulePayload() };

describe('teardown-env in sweep mode', () => {
  let bed: ActionBed;

  beforeAll(async () => {
    bed = await startActionBed();
    bed.github.setPull(601, { state: 'open' });
    bed.github.setPull(602, { state: 'open' });
    bed.github.setPull(603, { state: 'open' });
    const runs = await Promise.all([
      bed.run('provision-env', {
        inputs: { environment: 'feat', ttl: '1s', comment: 'false' },
        event: opened(601),
      }),
      bed.run('provision-env', { inputs: { environment: 'feat', comment: 'false' }, event: opened(602) }),
      bed.run('provision-env', { inputs: { environment: 'feat', comment: 'false' }, event: opened(603) }),
    ]);
    for (const run of runs) expect(run.code, run.log).toBe(0);
    // 603 is merged while it had conflicts: no closed event ever tore it down.
    bed.github.setPull(603, { state: 'closed', merged: true });
    await new Promise((resolve) => setTimeout(resolve, 1500));
  });
  afterAll(async () => {
    await bed?.stop();
  });

  const records = async () =>
    (await blobNames(bed.blobs(), bed.container)).filter((name) => name.endsWith('terrarium.json'));

  it('lists what it would do in a dry run and changes nothing', async () => {
    const result = await bed.run('teardown-env', {
      inputs: { mode: 'sweep', 'dry-run': 'true' },
      event: schedule,
      runId: '7001',
    });
    expect(result.code, result.log).toBe(0);
    expect(result.outputs.destroyed).toBe('[]');
    expect(result.summary).toContain('(dry run)');
    expect(result.summary).toMatch(/\| `feat-pr-601` \| expired \| would-destroy \|/);
    expect(result.summary).toMatch(/\| `feat-pr-603` \| pull-request-closed \| would-destroy \|/);
    expect(await records()).toHaveLength(3);
  });

  it('removes the expired environment and the one whose pull request closed, and leaves the live one', async () => {
    const result = await bed.run('teardown-env', {
      inputs: { mode: 'sweep' },
      event: schedule,
      runId: '7002',
    });
    expect(result.code, result.log).toBe(0);
    expect(JSON.parse(result.outputs.destroyed ?? '[]').sort()).toEqual(['feat-pr-601', 'feat-pr-603']);
    expect(result.outputs.failed).toBe('[]');
    expect(await records()).toEqual(['feat/pr-602/terrarium.json']);
    expect(await blobNames(bed.blobs(), bed.container, 'feat/')).toEqual([
      'feat/pr-602/terraform.tfstate',
      'feat/pr-602/terrarium.json',
    ]);
    // One paginated listing of open pull requests, not one request per environment.
    const pullRequests = bed.github.requests.filter((request) => request.path.includes('/pulls'));
    expect(pullRequests.every((request) => request.path.endsWith('/pulls'))).toBe(true);
  });
});
