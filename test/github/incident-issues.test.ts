import { recordingLogger } from '@terrarium/core/testing';
import { createGitHubClient, type IncidentReport, syncIncidents } from '@terrarium/github';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type GitHubFake, startGitHubFake } from '../harness/github-fake.js';

function report(latency: 'met' | 'breached', availability: 'met' | 'breached' | 'no-data'): IncidentReport {
  return {
    name: 'llm-platform',
    generatedAt: '2026-11-22T00:00:00.000Z',
    objectives: [
      {
        service: 'llm-chat',
        objective: 'latency-p95',
        description: 'p95 latency <= 1200 ms',
        status: latency,
        actual: latency === 'met' ? 900 : 1500,
        unit: 'ms',
        budget: undefined,
      },
      {
        service: 'llm-chat',
        objective: 'availability',
        description: 'availability >= 99.5%',
        status: availability,
        actual: 98,
        unit: '%',
        budget: { remainingFraction: -3 },
      },
    ],
  };
}

let fake: GitHubFake;
beforeEach(async () => {
  fake = await startGitHubFake();
});
afterEach(async () => {
  await fake.stop();
});

describe('syncIncidents against the GitHub fake', () => {
  it('opens one issue per breach, comments while it lasts, closes when met again', async () => {
    const octokit = createGitHubClient({ token: 'ghs_test', baseUrl: fake.url, retry: { retries: 0 } });
    const logger = recordingLogger();
    const options = {
      owner: fake.owner,
      repo: fake.repo,
      logger,
      runUrl: 'https://github.com/o/r/actions/runs/1',
    };

    const first = await syncIncidents(octokit, { ...options, report: report('breached', 'breached') });
    expect(first.map((a) => [a.objective, a.action])).toEqual([
      ['latency-p95', 'opened'],
      ['availability', 'opened'],
    ]);
    expect(fake.issues).toHaveLength(2);
    expect(fake.labels.map((l) => l.name)).toContain('slo-breach');
    expect(fake.issues[0]?.labels.map((l) => l.name)).toEqual(['slo-breach']);
    expect(fake.issues[0]?.body).toContain('<!-- terrarium-slo:llm-chat/latency-p95 -->');

    // A human's issue with the label but no marker is left alone.
    fake.seedIssue({ title: 'chat is slow', body: 'seen by a person', labels: ['slo-breach'] });
    const second = await syncIncidents(octokit, { ...options, report: report('breached', 'no-data') });
    expect(second.map((a) => [a.objective, a.action, a.issueNumber])).toEqual([
      ['latency-p95', 'commented', first[0]?.issueNumber],
    ]);
    expect(fake.issues).toHaveLength(3);

    const third = await syncIncidents(octokit, { ...options, report: report('met', 'met') });
    expect(third.map((a) => [a.objective, a.action])).toEqual([
      ['latency-p95', 'closed'],
      ['availability', 'closed'],
    ]);
    const mine = fake.issues.filter((i) => i.body?.includes('terrarium-slo:'));
    expect(mine.map((i) => [i.state, i.state_reason])).toEqual([
      ['closed', 'completed'],
      ['closed', 'completed'],
    ]);
    expect(fake.issues.find((i) => i.title === 'chat is slow')?.state).toBe('open');
    const onLatency = fake.comments
      .filter((c) => c.issue_url.endsWith(`/issues/${first[0]?.issueNumber}`))
      .map((c) => c.body);
    expect(onLatency[0]).toMatch(/^Still breached\./);
    expect(onLatency[1]).toMatch(/^Met again; closing\.[\s\S]*900 ms/);

    // Met with nothing open: nothing to do, no request that writes.
    const writesBefore = fake.requests.filter((r) => r.method !== 'GET').length;
    expect(await syncIncidents(octokit, { ...options, report: report('met', 'met') })).toEqual([]);
    expect(fake.requests.filter((r) => r.method !== 'GET').length).toBe(writesBefore);
    expect(logger.lines.some((l) => l.message.includes('ghs_test'))).toBe(false);
  });

  it('shows each objective its own trend, in the issue and in every comment', async () => {
    const octokit = createGitHubClient({ token: 'ghs_test', baseUrl: fake.url, retry: { retries: 0 } });
    const trends = {
      'llm-chat/latency-p95': '```mermaid\nxychart-beta\n  title "llm-chat latency-p95"\n```\n',
      'llm-chat/availability': '```mermaid\nxychart-beta\n  title "llm-chat availability"\n```\n',
    };
    const options = { owner: fake.owner, repo: fake.repo, logger: recordingLogger(), trends };
    const [opened] = await syncIncidents(octokit, { ...options, report: report('breached', 'met') });
    const issue = fake.issues.find((i) => i.number === opened?.issueNumber);
    expect(issue?.body).toContain('  title "llm-chat latency-p95"');
    expect(issue?.body).not.toContain('llm-chat availability"');
    await syncIncidents(octokit, { ...options, report: report('breached', 'met') });
    expect(fake.comments.at(-1)?.body).toMatch(
      /^Still breached\.[\s\S]*\| 1500 ms \|[\s\S]*title "llm-chat latency-p95"\n```$/,
    );
  });

  it('reads every page of open incident issues to find its own', async () => {
    for (let i = 0; i < 120; i += 1)
      fake.seedIssue({ title: `other ${i}`, body: 'x', labels: ['slo-breach'] });
    fake.seedIssue({
      title: 'old',
      body: '<!-- terrarium-slo:llm-chat/latency-p95 -->\nold',
      labels: ['slo-breach'],
    });
    for (let i = 0; i < 120; i += 1)
      fake.seedIssue({ title: `newer ${i}`, body: 'x', labels: ['slo-breach'] });
    const octokit = createGitHubClient({ token: 't', baseUrl: fake.url, retry: { retries: 0 } });
    const actions = await syncIncidents(octokit, {
      owner: fake.owner,
      repo: fake.repo,
      report: report('met', 'no-data'),
      logger: recordingLogger(),
    });
    expect(actions.map((a) => a.action)).toEqual(['closed']);
    expect(fake.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/issues')).length).toBe(3);
  });
});
