import { silentLogger } from '@terrarium/core';
import { recordingLogger } from '@terrarium/core/testing';
import { createLogsQueryClient, evaluateSlo, parseSloText, readAppInsights } from '@terrarium/slo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LogAnalyticsFake,
  REQUEST_COLUMNS,
  startLogAnalyticsFake,
} from '../harness/log-analytics-fake.js';

const spec = parseSloText(
  `apiVersion: terrarium.dev/v1alpha1
kind: SLO
metadata: { name: llm-platform }
spec:
  services:
    - name: llm-chat
      match: /v1/chat
      objectives:
        - { name: latency-p95, indicator: latency, percentile: 95, threshold: 1200 }
        - { name: availability, indicator: availability, targetPercent: 99 }
        - { name: ttft-p95, indicator: ttft, percentile: 95, threshold: 400 }
    - name: llm-embed
      roleName: 'embed" | drop'
      table: dependencies
      objectives:
        - { name: errors, indicator: error-rate, threshold: 1 }
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

function client() {
  return createLogsQueryClient(credential, {
    endpoint: fake.endpoint,
    tlsOptions: { ca: fake.caCertPem },
    retryOptions: { maxRetries: 0 },
  });
}

describe('App Insights through LogsQueryClient.queryWorkspace and a loopback Log Analytics API', () => {
  it('sends the generated KQL and timespan, and turns the table into samples', async () => {
    const start = Date.parse('2026-11-21T23:00:00Z');
    fake.table = {
      columns: REQUEST_COLUMNS,
      rows: Array.from({ length: 200 }, (_, i) => [
        new Date(start + i * 1000).toISOString(),
        100 + i * 10,
        i % 50 !== 0,
        'POST /v1/chat/completions',
        'https://llm.example/v1/chat/completions',
        'llm-chat',
        i % 2 === 0 ? 50 + i : null,
        i % 2 === 0 ? 100 : null,
      ]),
    };
    const samples = await readAppInsights(client(), spec, {
      workspaceId: 'ws-123',
      timespan: 'PT1H',
      logger: silentLogger,
    });
    expect(samples).toHaveLength(200);
    expect(samples[0]).toMatchObject({
      timestamp: start,
      durationMs: 100,
      success: false,
      role: 'llm-chat',
      ttftMs: 50,
      tokens: 100,
    });
    expect(samples[1]).toMatchObject({ success: true, ttftMs: undefined });

    const request = fake.requests.at(-1);
    expect(request?.path).toBe('/v1/workspaces/ws-123/query');
    expect(request?.authorization).toBe('Bearer fake-bearer-token');
    expect(request?.body?.timespan).toBe('PT1H');
    const query = request?.body?.query ?? '';
    expect(query).toContain('AppRequests\n| where AppRoleName in ("llm-chat")');
    // Text from the SLO file stays inside a KQL string literal.
    expect(query).toContain('AppDependencies\n| where AppRoleName in ("embed\\" | drop")');
    expect(query).toMatch(/\| order by timestamp asc$/);

    async function* from() {
      yield* samples;
    }
    const report = await evaluateSlo(spec, {
      kind: 'samples',
      format: 'app-insights',
      origin: 'ws-123',
      samples: from(),
    });
    const byName = Object.fromEntries(report.objectives.map((o) => [o.objective, o]));
    expect(byName['latency-p95']).toMatchObject({ actual: 1990, status: 'breached', bad: 89 });
    expect(byName.availability).toMatchObject({ bad: 4, status: 'breached' });
    expect(byName['ttft-p95']).toMatchObject({ total: 100, actual: 50 + 2 * 94, status: 'met' });
    expect(byName.errors?.status).toBe('no-data');
  });

  it('refuses a timespan that is not ISO 8601, and surfaces query errors', async () => {
    await expect(
      readAppInsights(client(), spec, { workspaceId: 'ws', timespan: '1h', logger: silentLogger }),
    ).rejects.toThrow('timespan "1h" is not an ISO 8601 duration; write e.g. PT1H or P1D');
    fake.failNext(400, 'BadArgumentError', 'The request had some invalid properties');
    const logger = recordingLogger();
    await expect(
      readAppInsights(client(), spec, { workspaceId: 'ws', timespan: 'P1D', logger }),
    ).rejects.toThrow(/invalid properties/);
  });
});
