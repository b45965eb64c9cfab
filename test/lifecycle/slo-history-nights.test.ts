import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordingLogger } from '@terrarium/core/testing';
import { reportSlo } from '@terrarium/lifecycle';
import { wireRun } from '@terrarium/runtime';
import { resolveStorageAuth } from '@terrarium/state';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Azurite, startAzurite } from '../harness/azurite.js';
import { writeCatalog } from '../harness/catalog.js';
import { type GitHubFake, startGitHubFake } from '../harness/github-fake.js';
import { NIGHTLY_SLO, type Night, nightResults, nights } from '../harness/slo-nights.js';
import { backendSpec, uniqueContainer } from '../harness/target-factory.js';

/** Seven ordinary nights (p95 790-880 ms, at most one failure), then a regressed and breached one. */
const NIGHTS = nights('2026-11-21', [
  [820, 1],
  [790, 0],
  [805, 1],
  [810, 0],
  [800, 1],
  [795, 0],
  [880, 1],
  [1100, 6],
]);

describe('SLO history across simulated nights, on Azurite through the real wiring', () => {
  let azurite: Azurite;
  let github: GitHubFake;
  let dir: string;
  let catalog: string;
  const container = uniqueContainer('slo-nights');
  const reports: Awaited<ReturnType<typeof reportSlo>>[] = [];

  /** One nightly run: its own run id and results, the report made at the night's time. */
  async function runNight(night: Night, index: number) {
    const runId = String(5001 + index);
    const results = join(dir, `results-${runId}.jsonl`);
    writeFileSync(results, nightResults(night));
    const wired = await wireRun({
      catalog,
      env: {
        AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
        GITHUB_API_URL: github.url,
        GITHUB_REPOSITORY: `${github.owner}/${github.repo}`,
        GITHUB_EVENT_NAME: 'schedule',
        GITHUB_RUN_ID: runId,
      },
      logger: recordingLogger(),
      mask: () => undefined,
      githubToken: 'ghs_historyNightsToken',
    });
    return reportSlo(
      { ...wired.deps, clock: { now: () => night.at, sleep: async () => undefined } },
      {
        sloFile: join(dir, 'slo.yaml'),
        results: [results],
        format: 'auto',
        github: { pullRequest: undefined, incidents: true, runUrl: wired.runner.run?.url },
        history: { runId, runUrl: wired.runner.run?.url },
      },
    );
  }

  beforeAll(async () => {
    azurite = await startAzurite();
    github = await startGitHubFake();
    dir = mkdtempSync(join(tmpdir(), 'slo-nights-'));
    writeFileSync(join(dir, 'slo.yaml'), NIGHTLY_SLO);
    catalog = writeCatalog(dir, { container });
    const auth = resolveStorageAuth(backendSpec(container), {
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
    });
    await auth.blobService.getContainerClient(container).create();
    for (const [i, night] of NIGHTS.entries()) reports.push(await runNight(night, i));
  });
  afterAll(async () => {
    await github?.stop();
    await azurite?.stop();
  });

  it('keeps one report a night under its own time and run', async () => {
    const auth = resolveStorageAuth(backendSpec(container), {
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
    });
    const names: string[] = [];
    for await (const blob of auth.blobService
      .getContainerClient(container)
      .listBlobsFlat({ prefix: 'slo-history/' }))
      names.push(blob.name);
    const stamp = (night: Night) => night.at.toISOString().replace(/[-:.]/g, '');
    expect(names).toEqual(
      NIGHTS.map((night, i) => `slo-history/llm-platform/llm-chat/2026/11/${stamp(night)}-${5001 + i}.json`),
    );
    expect(names[0]).toBe('slo-history/llm-platform/llm-chat/2026/11/20261121T021700000Z-5001.json');
    expect(reports.map((r) => r.kept)).toEqual(names.map((name) => [name]));
  });

  it('reads back what it kept, newest first', async () => {
    const wired = await wireRun({
      catalog,
      env: { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString },
      logger: recordingLogger(),
      mask: () => undefined,
    });
    const last3 = await wired.deps.history?.recent('llm-platform', 'llm-chat', 3);
    expect(last3?.map((e) => [e.run.id, e.generatedAt, e.stats.latencyMs.p95, e.stats.failures])).toEqual([
      ['5008', '2026-11-28T02:17:00.000Z', 1100, 6],
      ['5007', '2026-11-27T02:17:00.000Z', 880, 1],
      ['5006', '2026-11-26T02:17:00.000Z', 795, 0],
    ]);
    expect(last3?.[0]?.run.url).toBe(`https://github.com/${github.owner}/${github.repo}/actions/runs/5008`);
  });

  it('judges each night against the median of the nights kept before it, and flags the regression', () => {
    expect(reports[0]?.report.baseline).toBeUndefined();
    expect(reports[0]?.report.regressions).toEqual([]);
    expect(reports[1]?.report.baseline).toBe('median of the last 1 kept report, 2026-11-21');
    const ordinary = reports.slice(1, 7).flatMap((r) => r.report.regressions.filter((g) => g.regressed));
    // p95 within 10% of the median each ordinary night (880 is +9.7% on 802.5); error rates may double.
    expect(ordinary.filter((g) => g.metric.includes('latency'))).toEqual([]);
    const last = reports[7]?.report;
    expect(last?.baseline).toBe('median of the last 7 kept reports, 2026-11-21 to 2026-11-27');
    // The median of 820, 790, 805, 810, 800, 795, 880 is 805 (their mean, 814.3, is not).
    expect(last?.regressions.find((g) => g.metric === 'p95 latency (ms)')).toEqual({
      service: 'llm-chat',
      metric: 'p95 latency (ms)',
      baseline: 805,
      current: 1100,
      changePercent: ((1100 - 805) / 805) * 100,
      regressed: true,
    });
    // Failures 1, 0, 1, 0, 1, 0, 1 of 200: the median error rate is 0.5%; tonight's 3% is six times it.
    expect(last?.regressions.find((g) => g.metric === 'error rate')).toMatchObject({
      baseline: 0.005,
      current: 0.03,
      regressed: true,
    });
    expect(last?.status).toBe('breached');
  });

  it('draws the last nights per objective in the job summary, line by line', () => {
    const lines = (reports[7]?.markdown ?? '').split('\n');
    const trend = lines.indexOf('### Trend: llm-chat, last 8 nights');
    expect(lines.slice(trend, trend + 13)).toEqual([
      '### Trend: llm-chat, last 8 nights',
      '',
      '| Night | Run | Requests | p95 latency | p95 TTFT | Error rate | Objectives |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...NIGHTS.map(
        (night, i) =>
          `| ${night.at.toISOString().slice(0, 10)} 02:17 | [${5001 + i}](https://github.com/${github.owner}/${github.repo}/actions/runs/${5001 + i}) | 200 | ${night.p95} ms | 244 ms | ${night.failures / 2}% | ${i === 7 ? '❌ 1/3 met' : '✅ 3/3 met'} |`,
      ),
      '',
    ]);
    const chart = lines.indexOf('  title "llm-chat latency-p95: p95 latency (ms)"');
    expect(lines.slice(chart - 2, chart + 8)).toEqual([
      '```mermaid',
      'xychart-beta',
      '  title "llm-chat latency-p95: p95 latency (ms)"',
      '  x-axis ["11-21", "11-22", "11-23", "11-24", "11-25", "11-26", "11-27", "11-28"]',
      '  y-axis "ms" 0 --> 1300',
      '  line [820, 790, 805, 810, 800, 795, 880, 1100]',
      '  line [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000]',
      '```',
      '',
      'p95 latency <= 1000 ms: the flat line is the objective (1000 ms).',
    ]);
    const availability = lines.indexOf('  title "llm-chat availability: availability (%)"');
    expect(lines.slice(availability + 1, availability + 5)).toEqual([
      '  x-axis ["11-21", "11-22", "11-23", "11-24", "11-25", "11-26", "11-27", "11-28"]',
      '  y-axis "%" 96 --> 100',
      '  line [99.5, 100, 99.5, 100, 99.5, 100, 99.5, 97]',
      '  line [99, 99, 99, 99, 99, 99, 99, 99]',
    ]);
  });

  it('opens an incident per breached objective with its own trend', () => {
    const issue = github.issues.find((i) => i.title.startsWith('SLO breach: llm-chat latency-p95'));
    expect(issue?.state).toBe('open');
    const body = (issue?.body ?? '').split('\n');
    expect(body).toContain('**Last 8 nights**');
    expect(body).toContain('  line [820, 790, 805, 810, 800, 795, 880, 1100]');
    expect(body).toContain('| 2026-11-28 02:17 | 1100 ms | ❌ breached |');
    const availability = github.issues.find((i) => i.title.startsWith('SLO breach: llm-chat availability'));
    expect(availability?.body).toContain('  line [99.5, 100, 99.5, 100, 99.5, 100, 99.5, 97]');
  });

  it('passes over a blob in the history that is not a kept report, and says so', async () => {
    const env = { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString };
    const name = 'slo-history/llm-platform/llm-chat/2026/11/20261129T021700000Z-666.json';
    const client = resolveStorageAuth(backendSpec(container), env).blobService.getContainerClient(container);
    await client.uploadBlockBlob(name, 'written by hand', 15);
    const logger = recordingLogger();
    const wired = await wireRun({ catalog, env, logger, mask: () => undefined });
    const kept = await wired.deps.history?.recent('llm-platform', 'llm-chat', 2);
    expect(kept?.map((e) => e.run.id)).toEqual(['5008']);
    expect(logger.lines).toContainEqual({
      level: 'warning',
      message: `SLO history: ${name} is not a kept SLO report; passed over.`,
    });
  });
});
