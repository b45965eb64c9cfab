import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  pullRequestPayload,
  schedulePayload,
  workflowDispatchPayload,
  writeEventFile,
} from '../harness/webhook-payloads.js';

describe('webhook payloads from @octokit/webhooks-examples', () => {
  it.each(['opened', 'reopened', 'synchronize', 'closed', 'labeled'] as const)(
    'returns the real pull_request.%s example',
    (action) => {
      const payload = pullRequestPayload(action);
      expect(payload.action).toBe(action);
      expect(payload.repository.full_name).toBe('Codertocat/Hello-World');
      expect(payload.pull_request.head.ref).toBe('changes');
      expect(payload.number).toBe(payload.pull_request.number);
    },
  );

  it('applies overrides everywhere the number, branch and merge state appear', () => {
    const payload = pullRequestPayload('closed', {
      number: 123,
      headRef: 'feature/x',
      merged: true,
      title: 'Add things',
      labels: ['keep-env', 'perf'],
    });
    expect(payload.number).toBe(123);
    expect(payload.pull_request.number).toBe(123);
    expect(payload.pull_request.html_url).toMatch(/\/pull\/123$/);
    expect(payload.pull_request.url).toMatch(/\/pulls\/123$/);
    expect(payload.pull_request.head).toMatchObject({ ref: 'feature/x', label: 'Codertocat:feature/x' });
    expect(payload.pull_request).toMatchObject({ merged: true, state: 'closed', title: 'Add things' });
    expect(payload.pull_request.merged_at).not.toBeNull();
    expect(payload.pull_request.labels.map((label) => label.name)).toEqual(['keep-env', 'perf']);
  });

  it('deep-copies, so one test cannot change the next one', () => {
    pullRequestPayload('opened').pull_request.title = 'changed';
    expect(pullRequestPayload('opened').pull_request.title).toBe('Update the README with new information.');
  });

  it('builds schedule and workflow_dispatch payloads for the same repository', () => {
    expect(schedulePayload('0 2 * * *')).toMatchObject({
      schedule: '0 2 * * *',
      repository: { full_name: 'Codertocat/Hello-World' },
    });
    const dispatch = workflowDispatchPayload({ environment: 'stg', confirm: 'stg' });
    expect(dispatch).toMatchObject({
      inputs: { environment: 'stg', confirm: 'stg' },
      ref: 'refs/heads/main',
      workflow: '.github/workflows/hello-world-workflow.yml',
      repository: { full_name: 'Codertocat/Hello-World' },
    });
  });

  it('writes an event file that reads back as the same payload', () => {
    const payload = pullRequestPayload('synchronize', { number: 9 });
    expect(JSON.parse(readFileSync(writeEventFile(payload), 'utf8'))).toEqual(payload);
  });
});
