import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventContextFromGitHub } from './event-context.js';

// Real webhook payloads, as GitHub sends them (the e2e workspace depends on the package).
const examples = createRequire(resolve(import.meta.dirname, '../../../test/package.json'))(
  '@octokit/webhooks-examples',
) as {
  name: string;
  examples: { action?: string; number: number; pull_request: { head: { ref: string; sha: string } } }[];
}[];
const pullRequestExamples = examples.find((group) => group.name === 'pull_request')?.examples ?? [];

const runnerEnv = {
  GITHUB_RUN_ID: '9876543210',
  GITHUB_REF_NAME: 'main',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_REPOSITORY: 'octo/app',
};

describe('eventContextFromGitHub', () => {
  it.each(['opened', 'synchronize', 'reopened', 'closed'])(
    'reads a real pull_request %s payload',
    (action) => {
      const payload = pullRequestExamples.find((example) => example.action === action);
      if (!payload) throw new Error(`no ${action} example`);
      const context = eventContextFromGitHub({
        eventName: 'pull_request',
        payload,
        env: { ...runnerEnv, GITHUB_REF_NAME: `${payload.number}/merge` },
      });
      expect(context).toEqual({
        eventName: 'pull_request',
        pullRequest: payload.number,
        runId: '9876543210',
        branch: payload.pull_request.head.ref,
        commit: payload.pull_request.head.sha,
        repository: 'octo/app',
      });
    },
  );

  it.each(['schedule', 'workflow_dispatch', 'push'])(
    'reads a %s run from the runner environment',
    (eventName) => {
      expect(eventContextFromGitHub({ eventName, payload: {}, env: runnerEnv })).toEqual({
        eventName,
        runId: '9876543210',
        branch: 'main',
        commit: runnerEnv.GITHUB_SHA,
        repository: 'octo/app',
      });
    },
  );

  it('falls back to GITHUB_EVENT_NAME', () => {
    expect(eventContextFromGitHub({ env: { GITHUB_EVENT_NAME: 'schedule' } }).eventName).toBe('schedule');
  });

  it('takes the head branch from GITHUB_HEAD_REF when the payload has none', () => {
    const context = eventContextFromGitHub({
      eventName: 'pull_request',
      payload: { number: 7 },
      env: { ...runnerEnv, GITHUB_HEAD_REF: 'feature/x', GITHUB_REF_NAME: '7/merge' },
    });
    expect([context.pullRequest, context.branch]).toEqual([7, 'feature/x']);
  });

  it.each([
    ['a string number', { pull_request: { number: '12' } }],
    ['a negative number', { pull_request: { number: -1 } }],
    ['a fraction', { pull_request: { number: 1.5 } }],
    ['null', null],
    ['a string payload', 'pull_request'],
  ])('ignores a pull request number given as %s', (_what, payload) => {
    expect(
      eventContextFromGitHub({ eventName: 'pull_request', payload, env: {} }).pullRequest,
    ).toBeUndefined();
  });

  it('ignores a PR number in the payload of events that are not pull requests', () => {
    const context = eventContextFromGitHub({
      eventName: 'push',
      payload: { pull_request: { number: 3 } },
      env: {},
    });
    expect(context.pullRequest).toBeUndefined();
  });

  it.each([
    ['not digits', 'abc'],
    ['a command', '1; rm -rf /'],
    ['empty', ''],
  ])('ignores a run id that is %s', (_what, id) => {
    expect(
      eventContextFromGitHub({ eventName: 'schedule', env: { GITHUB_RUN_ID: id } }).runId,
    ).toBeUndefined();
  });

  it('treats empty variables as missing', () => {
    expect(
      eventContextFromGitHub({ env: { GITHUB_REF_NAME: '', GITHUB_SHA: ' ', GITHUB_REPOSITORY: '' } }),
    ).toEqual({
      eventName: undefined,
      runId: undefined,
      branch: undefined,
      commit: undefined,
      repository: undefined,
    });
  });
});
