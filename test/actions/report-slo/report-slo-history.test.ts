import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveStorageAuth } from '@terrarium/state';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Azurite, startAzurite } from '../../harness/azurite.js';
import { writeCatalog } from '../../harness/catalog.js';
import { type GitHubFake, startGitHubFake } from '../../harness/github-fake.js';
import { runAction } from '../../harness/run-action.js';
import { NIGHTLY_SLO, type Night, nightResults, nights } from '../../harness/slo-nights.js';
import { backendSpec, uniqueContainer } from '../../harness/target-factory.js';
import { pullRequestPayload, schedulePayload } from '../../harness/webhook-payloads.js';

const TOKEN = 'ghs_reportSloHistoryToken456';
const schedule = { name: 'schedule', payload: schedulePayload() };
// The data's own times matter to nothing here: the bundled action dates its report by the runner's clock.
const [ordinary, slow] = nights('2026-11-21', [
  [800, 0],
  [1200, 4],
]) as [Night, Night];

describe('the bundled report-slo action with history', () => {
  let azurite: Azurite;
  let github: GitHubFake;
  let workspace: string;
  const container = uniqueContainer('report-slo-history');
  let env: Record<string, string>;

  beforeAll(async () => {
    azurite = await startAzurite();
    github = await startGitHubFake();
    workspace = mkdtempSync(join(tmpdir(), 'report-slo-history-'));
    writeCatalog(workspace, { container });
    writeFileSync(join(workspace, 'slo.yaml'), NIGHTLY_SLO);
    writeFileSync(join(workspace, 'ordinary.jsonl'), nightResults(ordinary));
    writeFileSync(join(workspace, 'slow.jsonl'), nightResults(slow));
    env = {
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: `${github.owner}/${github.repo}`,
    };
    await resolveStorageAuth(backendSpec(container), env).blobService.getContainerClient(container).create();
  });
  afterAll(async () => {
    await github?.stop();
    await azurite?.stop();
  });

  async function keptNames(): Promise<string[]> {
    const names: string[] = [];
    const client = resolveStorageAuth(backendSpec(container), env).blobService.getContainerClient(container);
    for await (const blob of client.listBlobsFlat({ prefix: 'slo-history/' })) names.push(blob.name);
    return names;
  }

  it('keeps the nightly report by default, then judges the next against it and shows the trend', async () => {
    const first = await runAction('report-slo', {
      inputs: { 'slo-file': 'slo.yaml', results: 'ordinary.jsonl', 'github-token': TOKEN },
      event: schedule,
      runId: '1001',
      workspace,
      env,
    });
    expect(first.code, first.log).toBe(0);
    expect(await keptNames()).toEqual([
      expect.stringMatching(/^slo-history\/llm-platform\/llm-chat\/\d{4}\/\d{2}\/\d{8}T\d{9}Z-1001\.json$/),
    ]);
    expect(first.summary).toContain('### Trend: llm-chat, last night');
    expect(first.summary).not.toContain('### Against the baseline');

    const second = await runAction('report-slo', {
      inputs: { 'slo-file': 'slo.yaml', results: 'slow.jsonl', 'github-token': TOKEN },
      event: schedule,
      runId: '1002',
      workspace,
      env,
    });
    expect(second.code).toBe(1);
    expect(await keptNames()).toHaveLength(2);
    expect(second.summary).toMatch(
      /### Against the baseline \(median of the last 1 kept report, \d{4}-\d{2}-\d{2}\)/,
    );
    expect(second.summary).toMatch(/\| llm-chat \| p95 latency \(ms\) \| 800 \| 1200 \| 📉 \+50% worse \|/);
    expect(second.summary).toContain('### Trend: llm-chat, last 2 nights');
    expect(second.summary.split('\n')).toContain('  line [800, 1200]');
    const issue = github.issues.find((i) => i.title.startsWith('SLO breach: llm-chat latency-p95'));
    expect(issue?.body).toContain('  line [800, 1200]');
    // The connection string is a secret: masked first, never shown.
    expect(second.stdout).toContain(`::add-mask::${azurite.connectionString}`);
    expect(second.log).not.toContain(azurite.accountKey);
  });

  it('keeps nothing for a pull request unless asked, and nothing without a catalog on a schedule', async () => {
    const before = await keptNames();
    github.setPull(12, { state: 'open' });
    const pr = await runAction('report-slo', {
      inputs: { 'slo-file': 'slo.yaml', results: 'ordinary.jsonl', 'github-token': TOKEN },
      event: { name: 'pull_request', payload: pullRequestPayload('synchronize', { number: 12 }) },
      workspace,
      env,
    });
    expect(pr.code, pr.log).toBe(0);
    expect(pr.summary).not.toContain('### Trend');
    const elsewhere = mkdtempSync(join(tmpdir(), 'report-slo-no-catalog-'));
    writeFileSync(join(elsewhere, 'slo.yaml'), NIGHTLY_SLO);
    writeFileSync(join(elsewhere, 'r.jsonl'), nightResults(ordinary));
    const noCatalog = await runAction('report-slo', {
      inputs: { 'slo-file': 'slo.yaml', results: 'r.jsonl' },
      event: schedule,
      workspace: elsewhere,
      env,
    });
    expect(noCatalog.code, noCatalog.log).toBe(0);
    expect(noCatalog.stdout).toContain(
      `::warning::SLO history is on for schedule events, but there is no catalog at ${join(elsewhere, 'environments.yaml')}`,
    );
    expect(await keptNames()).toEqual(before);
  });

  it('fails with the catalog error when history is asked for and there is no catalog', async () => {
    const run = await runAction('report-slo', {
      inputs: { 'slo-file': 'slo.yaml', results: 'ordinary.jsonl', history: 'true', config: 'missing.yaml' },
      event: schedule,
      workspace,
      env,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`::error::catalog file ${join(workspace, 'missing.yaml')} does not exist`);
  });
});
