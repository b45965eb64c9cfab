import { silentLogger } from '@terrarium/core';
import { createLogsQueryClient, evaluateSlo, parseSloText, readAppInsightsInput } from '@terrarium/slo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LogAnalyticsColumn,
  type LogAnalyticsFake,
  REQUEST_COLUMNS,
  startLogAnalyticsFake,
} from '../harness/log-analytics-fake.js';

/** The columns the report query projects now: ResultCode and ItemCount after success, in its order. */
const COLUMNS: LogAnalyticsColumn[] = [
  ...REQUEST_COLUMNS.slice(0, 3),
  { name: 'resultCode', type: 'string' },
  { name: 'itemCount', type: 'int' },
  ...REQUEST_COLUMNS.slice(3),
];

const slo = (failures: string) =>
  parseSloText(
    `apiVersion: terrarium.dev/v1alpha1
kind: SLO
metadata: { name: llm-platform }
spec:
  failures: ${failures}
  services:
    - name: llm-chat
      match: /v1/chat
      objectives:
        - { name: latency-p95, indicator: latency, percentile: 95, threshold: 1000 }
        - { name: availability, indicator: availability, target: 0.99 }
`,
    '/x/slo.yaml',
  );

let fake: LogAnalyticsFake;
const credential = {
  getToken: async () => ({ token: 'fake-bearer-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
};
beforeAll(async () => {
  fake = await startLogAnalyticsFake();
});
afterAll(async () => {
  await fake.stop();
});

async function report(failures: string) {
  const client = createLogsQueryClient(credential, {
    endpoint: fake.endpoint,
    tlsOptions: { ca: fake.caCertPem },
    retryOptions: { maxRetries: 0 },
  });
  const spec = slo(failures);
  const input = await readAppInsightsInput(client, spec, {
    workspaceId: 'ws-1',
    timespan: 'PT1H',
    logger: silentLogger,
  });
  return evaluateSlo(spec, input, { now: new Date('2026-11-22T00:00:00Z') });
}

describe('App Insights under adaptive sampling, through the Log Analytics query API', () => {
  it('weighs every row by ItemCount and applies the failure definition to ResultCode', async () => {
    const start = Date.parse('2026-11-21T23:00:00Z');
    const row = (i: number, ms: number, code: string, itemCount: number) => [
      new Date(start + i * 1000).toISOString(),
      ms,
      code.startsWith('2'),
      code,
      itemCount,
      'POST /v1/chat/completions',
      'https://llm.example/v1/chat/completions',
      'llm-chat',
      null,
      null,
    ];
    // 80 fast successes kept at 100%; 10 slow successes kept at 10% (ItemCount 10, 100 requests);
    // 4 rows of 404 and 2 of 503, each standing for 5 requests. 210 requests in all.
    fake.table = {
      columns: COLUMNS,
      rows: [
        ...Array.from({ length: 80 }, (_, i) => row(i, 200, '200', 1)),
        ...Array.from({ length: 10 }, (_, i) => row(80 + i, 2000, '200', 10)),
        ...Array.from({ length: 4 }, (_, i) => row(90 + i, 150, '404', 5)),
        ...Array.from({ length: 2 }, (_, i) => row(94 + i, 150, '503', 5)),
      ],
    };
    const before = fake.requests.length;
    const serverErrors = await report('server-errors');
    const query = fake.requests[before]?.body?.query ?? '';
    expect(query).toContain('resultCode = ResultCode, itemCount = ItemCount');

    expect(serverErrors.services[0]).toMatchObject({ requests: 210, failures: 10 });
    // 100 of the 210 requests took 2 s: the weighted p95 is slow, the rows' p95 would not be.
    expect(serverErrors.objectives[0]).toMatchObject({
      actual: 2000,
      total: 210,
      bad: 100,
      status: 'breached',
    });
    // Server errors only: the 404s are the caller's; 10 of 210 failed.
    expect(serverErrors.objectives[1]).toMatchObject({ total: 210, bad: 10 });

    const notSuccess = await report('not-success');
    // Success == false: the 20 requests behind the 404 rows count too.
    expect(notSuccess.objectives[1]).toMatchObject({ total: 210, bad: 30 });
  });
});
