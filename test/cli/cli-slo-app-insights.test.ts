import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AzureClients, runCli } from '@terrarium/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LogAnalyticsFake,
  REQUEST_COLUMNS,
  startLogAnalyticsFake,
} from '../harness/log-analytics-fake.js';
import { fakeAzureClients } from './fake-azure-clients.js';
import { recordingTerminal } from './recording-terminal.js';

const SLO = `apiVersion: terrarium.dev/v1alpha1
kind: SLO
metadata: { name: llm-platform }
spec:
  services:
    - name: llm-chat
      roleName: llm-chat
      objectives:
        - { name: latency-p95, indicator: latency, percentile: 95, threshold: 1200 }
        - { name: availability, indicator: availability, targetPercent: 99.5 }
`;

/** `terrarium slo report --app-insights`: the query through @azure/monitor-query-logs to the loopback API. */
describe('terrarium slo report on Application Insights data', () => {
  let logs: LogAnalyticsFake;
  let azure: AzureClients;
  let dir: string;
  const cli = (argv: string[]) => {
    const terminal = recordingTerminal({ interactive: false });
    return runCli({ argv, env: {}, cwd: dir, terminal, azure }).then((code) => ({ code, ...terminal }));
  };

  beforeAll(async () => {
    logs = await startLogAnalyticsFake();
    azure = fakeAzureClients({ logs });
    dir = mkdtempSync(join(tmpdir(), 'terrarium-slo-ai-'));
    writeFileSync(join(dir, 'slo.yaml'), SLO);
    const start = Date.parse('2026-11-22T00:00:00Z');
    // 300 requests, 100-1288 ms; 3 failures: 99% available, under the 99.5% objective.
    logs.table = {
      columns: REQUEST_COLUMNS,
      rows: Array.from({ length: 300 }, (_, i) => [
        new Date(start + i * 1000).toISOString(),
        100 + (i % 100) * 12,
        i % 100 !== 50,
        'POST /v1/chat/completions',
        'https://llm.example/v1/chat/completions',
        'llm-chat',
        null,
        null,
      ]),
    };
  });
  afterAll(async () => {
    await logs?.stop();
  });

  it('judges the workspace over the timespan asked for, and exits 1 on the breach', async () => {
    const before = logs.requests.length;
    const run = await cli([
      'slo',
      'report',
      'slo.yaml',
      '--app-insights',
      'ws-42',
      '--timespan',
      'PT6H',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(1);
    expect(logs.requests.slice(before)).toMatchObject([
      { method: 'POST', path: '/v1/workspaces/ws-42/query', body: { timespan: 'PT6H' } },
    ]);
    const report = JSON.parse(run.stdout) as {
      status: string;
      objectives: { objective: string; status: string; total: number; bad: number }[];
    };
    expect(report.status).toBe('breached');
    expect(report.objectives.map((o) => [o.objective, o.status, o.total, o.bad])).toEqual([
      ['latency-p95', 'breached', 300, 24], // 1204-1288 ms: 8 in every 100
      ['availability', 'breached', 300, 3],
    ]);
    expect(run.stderr).toContain('App Insights: 300 requests over PT6H.');
  });

  it.each([
    [['slo', 'report', 'slo.yaml'], 'slo report needs results files after the SLO file, or --app-insights'],
    [
      ['slo', 'report', 'slo.yaml', 'results.csv', '--app-insights', 'ws'],
      'slo report takes results files or --app-insights, not both',
    ],
    [
      ['slo', 'report', 'slo.yaml', '--app-insights', 'ws', '--logs-endpoint', 'http://logs.example/v1'],
      '--logs-endpoint is "http://logs.example/v1"; give the query API\'s https URL with its version',
    ],
    [
      ['slo', 'report', 'slo.yaml', 'results.csv', '--timespan', 'PT6H'],
      '--timespan only goes with --app-insights <workspace-id>',
    ],
    [
      ['slo', 'report', 'slo.yaml', '--app-insights', 'ws', '--timespan', '6h'],
      'timespan "6h" is not an ISO 8601 duration; write e.g. PT1H or P1D',
    ],
  ])('refuses %j with what to change, asking nothing of the workspace', async (argv, message) => {
    const before = logs.requests.length;
    const run = await cli(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(logs.requests.length).toBe(before);
  });

  it('says which role is missing when the workspace refuses the query', async () => {
    logs.failNext(403, 'InsufficientAccessError', 'The provided credentials have insufficient access');
    const run = await cli(['slo', 'report', 'slo.yaml', '--app-insights', 'ws-42']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'Log Analytics refused the query on workspace ws-42 (403 InsufficientAccessError: The provided credentials have insufficient access); give the signed-in identity the Log Analytics Reader role',
    );
  });
});
