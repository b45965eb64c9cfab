import type { EnvironmentStatus } from '@terrarium/core';
import { describe, expect, it } from 'vitest';
import { renderEnvironmentComment } from './environment-comment.js';

describe('renderEnvironmentComment', () => {
  it.each([
    ['provisioning', '⏳'],
    ['planned', '📝'],
    ['ready', '✅'],
    ['failed', '❌'],
    ['destroying', '🧹'],
    ['destroyed', '🗑️'],
    ['teardown-failed', '⚠️'],
  ] as [EnvironmentStatus, string][])('headlines %s with %s', (status, emoji) => {
    const out = renderEnvironmentComment({ envId: 'feat-pr-1', status });
    expect(out.split('\n')[0]).toMatch(new RegExp(`^### ${emoji} Environment \`feat-pr-1\` `));
  });

  it('shows URL, expiry, run link, the plan collapsed and outputs', () => {
    const out = renderEnvironmentComment({
      envId: 'feat-pr-7',
      status: 'ready',
      url: 'https://feat-pr-7.example.com',
      runUrl: 'https://github.com/o/r/actions/runs/9',
      expiresAt: '2026-11-23T10:15:30.000Z',
      planSummary: {
        add: 2,
        change: 1,
        destroy: 0,
        replace: 1,
        addresses: {
          add: ['terraform_data.a', 'terraform_data.b'],
          change: ['terraform_data.c'],
          replace: ['x.y'],
        },
      },
      outputs: { url: 'https://feat-pr-7.example.com', count: 3 },
    });
    expect(out).toContain('**URL:** [https://feat-pr-7.example.com](https://feat-pr-7.example.com/)');
    expect(out).toContain('**Expires:** 2026-11-23 10:15 UTC');
    expect(out).toContain('**Run:** [workflow run log](https://github.com/o/r/actions/runs/9)');
    expect(out).toContain(
      '<details><summary>Plan: 2 to add, 1 to change, 0 to destroy, 1 to replace</summary>\n\n```diff\n+ terraform_data.a\n+ terraform_data.b\n~ terraform_data.c\n-/+ x.y\n```\n\n</details>',
    );
    expect(out).toContain('| `count` | `3` |');
  });

  it('puts a failure reason in a code block, so its markdown and mentions stay inert', () => {
    const out = renderEnvironmentComment({
      envId: 'feat-pr-2',
      status: 'failed',
      failureReason: 'Error: @channel <img src=x>\n```\nbreakout',
    });
    expect(out).toContain('````\nError: @channel <img src=x>\n```\nbreakout\n````');
  });

  it('never turns a non-http URL into a link', () => {
    const out = renderEnvironmentComment({ envId: 'e', status: 'ready', url: 'javascript:alert(1)' });
    expect(out).toContain('**URL:** `javascript:alert(1)`');
    expect(out).not.toContain('](javascript');
  });

  it('shows the plan hash and an escaped message', () => {
    const out = renderEnvironmentComment({
      envId: 'stg',
      status: 'planned',
      planHash: 'sha256:ab12',
      message: 'Waiting for @alice to confirm <b>',
    });
    expect(out).toContain('**Plan hash:** `sha256:ab12`');
    expect(out).toContain('Waiting for @\u200balice to confirm &lt;b&gt;');
  });

  it('says when a plan changes nothing', () => {
    const out = renderEnvironmentComment({
      envId: 'e',
      status: 'planned',
      planSummary: { add: 0, change: 0, destroy: 0, replace: 0 },
    });
    expect(out).toContain('No resource changes.');
  });
});
