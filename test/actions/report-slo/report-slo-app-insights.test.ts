import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LogAnalyticsFake,
  REQUEST_COLUMNS,
  startLogAnalyticsFake,
} from '../../harness/log-analytics-fake.js';
import { runAction } from '../../harness/run-action.js';
import { schedulePayload } from '../../harness/webhook-payloads.js';

const schedule = { name: 'schedule', payload: schedulePayload() };
const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.fake-log-analytics-token.sig';

const SLO = `apiVersion: terrarium.dev/v1alpha1
kind: SLO
metadata: { name: llm-platform }
spec:
  timeWindow: 1h
  services:
    - name: llm-chat
      roleName: llm-chat
      objectives:
        - { name: latency-p95, indicator: latency, percentile: 95, threshold: 1200 }
        - { name: availability, indicator: availability, targetPercent: 99 }
`;

/**
 * `az`, as azure/login leaves it on a runner: `az account get-access-token --scope ... --output json`
 * prints the token document the real CLI prints. It writes its arguments down for the test, and
 * fails as a signed-out CLI does when AZ_SIGNED_OUT is set.
 */
const FAKE_AZ = `#!/bin/sh
printf '%s\\n' "$@" > "$AZ_ARGS_FILE"
if [ -n "$AZ_SIGNED_OUT" ]; then
  echo "ERROR: Please run 'az login' to setup account." >&2
  exit 1
fi
cat <<JSON
{
  "accessToken": "${TOKEN}",
  "expiresOn": "2026-11-22 05:00:00.000000",
  "expires_on": 1795323600,
  "subscription": "00000000-0000-0000-0000-0000000000aa",
  "tenant": "00000000-0000-0000-0000-0000000000bb",
  "tokenType": "Bearer"
}
JSON
`;

let fake: LogAnalyticsFake;
let dir: string;
let env: Record<string, string>;
beforeAll(async () => {
  fake = await startLogAnalyticsFake();
  dir = await mkdtemp(join(tmpdir(), 'report-slo-app-insights-'));
  await writeFile(join(dir, 'slo.yaml'), SLO);
  await writeFile(join(dir, 'az'), FAKE_AZ);
  await chmod(join(dir, 'az'), 0o755);
  await writeFile(join(dir, 'ca.pem'), fake.caCertPem);
  env = {
    PATH: `${dir}:${process.env.PATH ?? ''}`,
    AZ_ARGS_FILE: join(dir, 'az-args'),
    NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'),
  };
});
afterAll(async () => {
  await fake?.stop();
});

function inputs(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'slo-file': join(dir, 'slo.yaml'),
    format: 'app-insights',
    'app-insights-workspace-id': '11111111-2222-3333-4444-555555555555',
    'app-insights-endpoint': fake.endpoint,
    timespan: 'PT6H',
    incident: 'false',
    ...extra,
  };
}

describe('the bundled report-slo action on Application Insights data', () => {
  it('queries the workspace with a token from the Azure CLI and reports what it finds', async () => {
    const start = Date.parse('2026-11-22T00:00:00Z');
    fake.table = {
      columns: REQUEST_COLUMNS,
      // 400 requests: latency 200-1197 ms, every 100th failed (99.5% available).
      rows: Array.from({ length: 400 }, (_, i) => [
        new Date(start + i * 1000).toISOString(),
        200 + (i % 100) * 10 - (i % 100 === 99 ? 3 : 0),
        i % 200 !== 7,
        'POST /v1/chat/completions',
        'https://llm.example/v1/chat/completions',
        'llm-chat',
        null,
        null,
      ]),
    };
    const before = fake.requests.length;
    const run = await runAction('report-slo', { inputs: inputs(), event: schedule, env });
    expect(run.code, run.stdout + run.stderr).toBe(0);

    // The token was asked for this endpoint's audience, and masked before anything could print it.
    const azArgs = (await readFile(env.AZ_ARGS_FILE as string, 'utf8')).trim().split('\n');
    expect(azArgs).toEqual([
      'account',
      'get-access-token',
      '--scope',
      `${new URL(fake.endpoint).origin}/.default`,
      '--output',
      'json',
    ]);
    expect(run.stdout).toContain(`::add-mask::${TOKEN}`);
    expect(run.stdout.replace(`::add-mask::${TOKEN}`, '')).not.toContain(TOKEN);

    const requests = fake.requests.slice(before);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/workspaces/11111111-2222-3333-4444-555555555555/query',
      authorization: `Bearer ${TOKEN}`,
      body: { timespan: 'PT6H' },
    });
    expect(requests[0]?.body?.query).toContain('AppRequests\n| where AppRoleName in ("llm-chat")');

    expect(run.stdout).toContain('App Insights: 400 requests over PT6H.');
    expect(run.outputs.status).toBe('met');
    expect(run.summary).toMatch(/latency-p95.*✅ met/);
    expect(run.summary).toMatch(/availability.*✅ met/);
    const report = JSON.parse(await readFile(run.outputs['report-json'] as string, 'utf8')) as {
      objectives: { objective: string; total: number; bad: number }[];
    };
    expect(report.objectives.find((o) => o.objective === 'availability')).toMatchObject({
      total: 400,
      bad: 2,
    });
  });

  it('fails the step with what to do when the runner is not signed in to Azure', async () => {
    const before = fake.requests.length;
    const run = await runAction('report-slo', {
      inputs: inputs(),
      event: schedule,
      env: { ...env, AZ_SIGNED_OUT: '1' },
    });
    expect(run.code).not.toBe(0);
    expect(run.stdout).toContain(
      '::error::could not get a token from the Azure CLI for App Insights; sign in first with azure/login',
    );
    expect(fake.requests.length).toBe(before);
  });

  it('turns a refused query into what to change: the reader role on the workspace', async () => {
    fake.failNext(
      403,
      'InsufficientAccessError',
      'The provided credentials have insufficient access to perform the requested operation',
    );
    const run = await runAction('report-slo', { inputs: inputs(), event: schedule, env });
    expect(run.code).not.toBe(0);
    expect(run.stdout).toContain(
      '::error::Log Analytics refused the query on workspace 11111111-2222-3333-4444-555555555555 (403 InsufficientAccessError: The provided credentials have insufficient access to perform the requested operation); give the signed-in identity the Log Analytics Reader role on the workspace',
    );
  });
});
