import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveStorageAuth } from '@terrarium/state';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Azurite, startAzurite } from '../harness/azurite.js';
import { writeCatalog } from '../harness/catalog.js';
import { bundlePath, runBundle } from '../harness/run-bundle.js';
import { NIGHTLY_SLO, nightResults, nights } from '../harness/slo-nights.js';
import { backendSpec, uniqueContainer } from '../harness/target-factory.js';

/** Four ordinary nights, then one regressed (p95 +30%) past its latency objective. */
const NIGHTS = nights('2026-11-24', [
  [800, 0],
  [820, 1],
  [790, 0],
  [810, 1],
  [1050, 1],
]);

describe('terrarium slo report --history and slo history', () => {
  let azurite: Azurite;
  let dir: string;
  let bundle: string;
  const container = uniqueContainer('cli-slo-history');
  let env: Record<string, string>;
  const cli = (args: string[], extraEnv: Record<string, string> = {}) =>
    runBundle(bundle, args, { cwd: dir, env: { ...env, ...extraEnv } });
  const reports: {
    regressions: { metric: string; baseline: number; current: number; regressed: boolean }[];
  }[] = [];

  beforeAll(async () => {
    bundle = bundlePath('packages/cli');
    azurite = await startAzurite();
    env = { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString };
    dir = mkdtempSync(join(tmpdir(), 'cli-slo-history-'));
    writeCatalog(dir, { container });
    writeFileSync(join(dir, 'slo.yaml'), NIGHTLY_SLO);
    await resolveStorageAuth(backendSpec(container), env).blobService.getContainerClient(container).create();
    // Kept as an operator backfills older results: each dated with --at, each under its own run.
    for (const [i, night] of NIGHTS.entries()) {
      writeFileSync(join(dir, `night-${i}.jsonl`), nightResults(night));
      const run = await cli(
        [
          'slo',
          'report',
          'slo.yaml',
          `night-${i}.jsonl`,
          '--history',
          '--at',
          night.at.toISOString(),
          '--json',
        ],
        { GITHUB_RUN_ID: String(700 + i), GITHUB_REPOSITORY: 'octo/app' },
      );
      // The breached night exits 1, as any breach does; it is kept all the same.
      expect(run.code, run.stderr).toBe(i === 4 ? 1 : 0);
      reports.push(JSON.parse(run.stdout));
    }
  });
  afterAll(async () => {
    await azurite?.stop();
  });

  it('flags the last night against the median of the kept ones', () => {
    // The median of 800, 820, 790, 810 is 805.
    expect(reports[4]?.regressions.find((r) => r.metric === 'p95 latency (ms)')).toMatchObject({
      baseline: 805,
      current: 1050,
      regressed: true,
    });
    expect(reports[0]?.regressions).toEqual([]);
  });

  it('prints the kept nights as a table, oldest first', async () => {
    const run = await cli(['slo', 'history']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n').map((line) => line.trimEnd())).toEqual([
      'llm-platform / llm-chat',
      'NIGHT             RUN  REQUESTS  P95      P95 TTFT  ERROR RATE  OBJECTIVES',
      '2026-11-24 02:17  700  200       800 ms   244 ms    0%          3/3 met',
      '2026-11-25 02:17  701  200       820 ms   244 ms    0.5%        3/3 met',
      '2026-11-26 02:17  702  200       790 ms   244 ms    0%          3/3 met',
      '2026-11-27 02:17  703  200       810 ms   244 ms    0.5%        3/3 met',
      '2026-11-28 02:17  704  200       1050 ms  244 ms    0.5%        2/3 met',
      '',
    ]);
  });

  it('shows one objective over the last nights, as a table or as JSON', async () => {
    const table = await cli(['slo', 'history', 'llm-chat', '--objective', 'latency-p95', '--last', '3']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout.split('\n').map((line) => line.trimEnd())).toEqual([
      'llm-platform / llm-chat / latency-p95',
      'NIGHT             RUN  ACTUAL   LIMIT    STATUS    BUDGET LEFT',
      // Ten requests slower than 1000 ms of 200 spend a 5% budget exactly; an eleventh overspends it.
      '2026-11-26 02:17  702  790 ms   1000 ms  met       0%',
      '2026-11-27 02:17  703  810 ms   1000 ms  met       0%',
      '2026-11-28 02:17  704  1050 ms  1000 ms  breached  -10%',
      '',
    ]);
    const json = await cli(['slo', 'history', '--objective', 'latency-p95', '--last', '2', '--json']);
    const parsed = JSON.parse(json.stdout) as {
      slo: string;
      services: {
        service: string;
        entries: { generatedAt: string; objectives: { objective: string; actual: number }[] }[];
      }[];
    };
    expect(parsed.slo).toBe('llm-platform');
    expect(
      parsed.services.map((s) => [
        s.service,
        s.entries.map((e) => [e.generatedAt, e.objectives.map((o) => [o.objective, o.actual])]),
      ]),
    ).toEqual([
      [
        'llm-chat',
        [
          ['2026-11-27T02:17:00.000Z', [['latency-p95', 810]]],
          ['2026-11-28T02:17:00.000Z', [['latency-p95', 1050]]],
        ],
      ],
    ]);
  });

  it('prints the trend as the job summary shows it', async () => {
    const run = await cli(['slo', 'history', '--markdown']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('### Trend: llm-chat, last 5 nights');
    expect(run.stdout.split('\n')).toContain('  line [800, 820, 790, 810, 1050]');
  });

  it('shows the history rule in the policy for this catalog', async () => {
    const run = await cli(['policy']);
    expect(run.code, run.stderr).toBe(0);
    const policy = JSON.parse(run.stdout) as { policy: { rules: { name: string; definition: unknown }[] } };
    expect(policy.policy.rules.find((rule) => rule.name === 'slo-history')?.definition).toEqual({
      filters: {
        blobTypes: ['blockBlob'],
        prefixMatch: [`${container}/slo-history/`],
        blobIndexMatch: [{ name: 'terrarium', op: '==', value: 'slo-history' }],
      },
      actions: {
        baseBlob: {
          tierToCool: { daysAfterModificationGreaterThan: 30 },
          delete: { daysAfterModificationGreaterThan: 90 },
        },
      },
    });
  });

  it.each([
    [['slo', 'history', '--slo', 'checkout'], 'no SLO reports of "checkout" are kept in'],
    [
      ['slo', 'history', 'llm-embed'],
      'no kept report of llm-platform has a service "llm-embed"; kept: llm-chat',
    ],
    [
      ['slo', 'history', '--objective', 'p99'],
      'has an objective "p99"; kept ones: availability, latency-p95, ttft-p95',
    ],
    [['slo', 'history', '--last', '0'], '--last must be a whole number of at least 1, not "0"'],
    [['slo', 'report', 'slo.yaml', 'night-0.jsonl', '--at', '2026-11-20'], '--at only goes with --history'],
    [
      ['slo', 'report', 'slo.yaml', 'night-0.jsonl', '--history', '--at', 'last night'],
      '--at "last night" is not a time',
    ],
  ])('says what to change: %o', async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('says so when nothing is kept yet', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'cli-slo-history-empty-'));
    const other = uniqueContainer('cli-slo-nothing');
    writeCatalog(empty, { container: other });
    await resolveStorageAuth(backendSpec(other), env).blobService.getContainerClient(other).create();
    const run = await runBundle(bundle, ['slo', 'history'], { cwd: empty, env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`No SLO reports are kept in ${other}/slo-history/ yet.\n`);
  });
});
