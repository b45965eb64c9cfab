import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullRequestPayload } from '../harness/webhook-payloads.js';
import { type ActionBed, blobNames, startActionBed } from './action-bed.js';

const PR = 777;
const event = (action: 'opened' | 'closed') => ({
  name: 'pull_request',
  payload: pullRequestPayload(action, { number: PR }),
});

describe('a destroy that fails', () => {
  let bed: ActionBed;

  beforeAll(async () => {
    bed = await startActionBed();
  });
  afterAll(async () => {
    await bed?.stop();
  });

  it('keeps state, record and a backup, marks the record teardown-failed and says why', async () => {
    const up = await bed.run('provision-env', {
      inputs: { environment: 'feat', vars: '{"fail_on_destroy": true}' },
      event: event('opened'),
    });
    expect(up.code, up.log).toBe(0);

    const down = await bed.run('teardown-env', { inputs: { environment: 'feat' }, event: event('closed') });
    expect(down.code).toBe(1);
    expect(down.outputs).toMatchObject({
      'failure-reason': 'destroy-failed',
      destroyed: '[]',
      failed: `["feat-pr-${PR}"]`,
    });
    expect(down.log).toContain('refusing to destroy the database');
    expect(down.summary).toContain('`destroy-failed`');

    expect(await blobNames(bed.blobs(), bed.container, `feat/pr-${PR}/`)).toEqual([
      `feat/pr-${PR}/terraform.tfstate`,
      `feat/pr-${PR}/terrarium.json`,
    ]);
    const record = JSON.parse(
      (
        await bed
          .blobs()
          .getContainerClient(bed.container)
          .getBlobClient(`feat/pr-${PR}/terrarium.json`)
          .downloadToBuffer()
      ).toString(),
    );
    expect(record).toMatchObject({ status: 'teardown-failed', failureReason: 'destroy-failed' });
    const backups = await blobNames(bed.blobs(), bed.container, `backups/feat-pr-${PR}/`);
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/pre-destroy/);
    const comment = bed.github.comments.find((c) => c.issue_number === PR);
    expect(comment?.body).toContain('destroy-failed');
  });
});
