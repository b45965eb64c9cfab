import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GitHubFake, startGitHubFake } from '../../harness/github-fake.js';
import { type LlmService, startLlmService } from '../../harness/llm-service.js';
import { runAction } from '../../harness/run-action.js';
import { pullRequestPayload, schedulePayload } from '../../harness/webhook-payloads.js';

const execFileAsync = promisify(execFile);
const autocannonCli = fileURLToPath(new URL('../../node_modules/autocannon/autocannon.js', import.meta.url));
const TOKEN = 'ghs_reportSloSecretToken123';
const schedule = { name: 'schedule', payload: schedulePayload() };

const SLO = `apiVersion: terrarium.dev/v1alpha1
kind: SLO
metadata:
  name: llm-platform
spec:
  timeWindow: 1h
  services:
    - name: llm-chat
      objectives:
        - name: latency-p95
          indicator: latency
          percentile: 95
          threshold: 1200
        - name: availability
          indicator: availability
          targetPercent: 99.5
`;

const HEADER =
  'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect';

/** A JMeter CSV as Azure Load Testing writes it: `slowEvery` requests in every 100 take 2 s, `failEvery` fail. */
function jmeterCsv(rows: number, slowPerHundred: number, failPerThousand: number): string {
  const start = 1_763_768_400_000;
  const lines = [HEADER];
  for (let i = 0; i < rows; i += 1) {
    const elapsed = i % 100 < slowPerHundred ? 2000 : 300 + (i % 50) * 10;
    const ok = i % 1000 >= failPerThousand;
    lines.push(
      `${start + i * 100},${elapsed},chat,${ok ? 200 : 503},${ok ? 'OK' : 'Service Unavailable'},Thread Group 1-1,text,${ok},${ok ? '' : '"Response code was 503, expected ""200"""'},2048,512,4,4,https://llm.example/v1/chat/completions,${elapsed},0,3`,
    );
  }
  return `${lines.join('\n')}\n`;
}

let dir: string;
let fake: GitHubFake;
let llm: LlmService;
let env: Record<string, string>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'report-slo-e2e-'));
  await writeFile(join(dir, 'slo.yaml'), SLO);
  fake = await startGitHubFake();
  llm = await startLlmService({ medianMs: 15, sigma: 0.3, errorRate: 0.02, seed: 7 });
  env = {
    GITHUB_API_URL: fake.url,
    GITHUB_REPOSITORY: `${fake.owner}/${fake.repo}`,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '9876543210',
  };
});
afterAll(async () => {
  await fake.stop();
  await llm.stop();
});

describe('the bundled report-slo action, run as the runner runs it', () => {
  it('reports a breach: outputs, job summary, report.json, an incident issue and a failed step', async () => {
    await writeFile(join(dir, 'results-1.csv'), jmeterCsv(2000, 3, 10)); // 3% slow, 1% failing
    await writeFile(join(dir, 'results-2.csv'), jmeterCsv(1000, 3, 10));
    const run = await runAction('report-slo', {
      inputs: {
        'slo-file': join(dir, 'slo.yaml'),
        results: join(dir, 'results-*.csv'),
        'github-token': TOKEN,
      },
      event: schedule,
      env,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`::add-mask::${TOKEN}`);
    expect(run.stdout.replace(`::add-mask::${TOKEN}`, '')).not.toContain(TOKEN);
    expect(run.stdout).toContain(`Results format: detected jmeter from ${join(dir, 'results-1.csv')}`);
    expect(run.stdout).toContain(
      '::error::SLO llm-platform: 1 objective(s) not met: llm-chat/availability (availability >= 99.5%25)',
    ); // % is escaped as %25 in workflow commands
    expect(run.outputs.status).toBe('breached');
    expect(run.outputs['worst-objective']).toBe('llm-chat/availability');
    // 30 failures of 3000 against an allowance of 15: the budget is overspent by 100%.
    expect(Number(run.outputs['budget-remaining'])).toBeCloseTo(-1, 9);
    expect(run.summary).toContain(
      '| llm-chat | latency-p95 | p95 latency <= 1200 ms | 780 ms | ✅ met | 40% |',
    );
    expect(run.summary).toContain(
      '| llm-chat | availability | availability >= 99.5% | 99% | ❌ breached | -100% |',
    );
    expect(run.summary).toContain('xychart-beta');
    const report = JSON.parse(await readFile(run.outputs['report-json'] ?? '', 'utf8')) as {
      services: { requests: number }[];
    };
    expect(report.services[0]?.requests).toBe(3000);

    const incidents = fake.issues.filter((i) => i.labels.some((l) => l.name === 'slo-breach'));
    expect(incidents.map((i) => [i.title, i.state])).toEqual([
      ['SLO breach: llm-chat availability (availability >= 99.5%)', 'open'],
    ]);
    expect(incidents[0]?.body).toContain(
      '[run](https://github.com/Codertocat/Hello-World/actions/runs/9876543210)',
    );
    expect(fake.requests.every((r) => r.headers.authorization === `token ${TOKEN}`)).toBe(true);
  });

  it('closes the incident once the objective is met again, and succeeds', async () => {
    await writeFile(join(dir, 'good.csv'), jmeterCsv(3000, 1, 2));
    const run = await runAction('report-slo', {
      inputs: {
        'slo-file': join(dir, 'slo.yaml'),
        results: join(dir, 'good.csv'),
        format: 'jmeter',
        'github-token': TOKEN,
      },
      event: schedule,
      env,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.outputs.status).toBe('met');
    expect(run.summary).toContain('## SLO report: llm-platform: ✅ all objectives met');
    const incident = fake.issues.find((i) => i.title.startsWith('SLO breach: llm-chat availability'));
    expect(incident?.state).toBe('closed');
    expect(fake.comments.at(-1)?.body).toMatch(/^Met again; closing\./);
  });

  it('judges a real autocannon run against a local LLM stand-in, and comments on the pull request', async () => {
    const { stdout } = await execFileAsync(
      process.execPath,
      [autocannonCli, '--json', '--duration', '2', '--connections', '8', `${llm.url}/v1/chat/completions`],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    const result = JSON.parse(stdout) as {
      requests: { total: number };
      errors: number;
      non2xx: number;
      latency: { p99: number };
    };
    expect(result.requests.total).toBeGreaterThan(100);
    await writeFile(join(dir, 'autocannon.json'), stdout);
    fake.setPull(12, { state: 'open' });
    const run = await runAction('report-slo', {
      inputs: {
        'slo-file': join(dir, 'slo.yaml'),
        results: join(dir, 'autocannon.json'),
        'github-token': TOKEN,
        'fail-on-breach': 'false',
      },
      event: { name: 'pull_request', payload: pullRequestPayload('synchronize', { number: 12 }) },
      env,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Results format: detected autocannon');
    // ~2% of answers are 503: availability 99.5% is breached, a warning since fail-on-breach is false.
    expect(run.outputs.status).toBe('breached');
    expect(run.stdout).toContain(
      '::warning::SLO llm-platform: 1 objective(s) not met: llm-chat/availability',
    );
    const report = JSON.parse(await readFile(run.outputs['report-json'] ?? '', 'utf8')) as {
      services: { requests: number; failures: number; latencyMs: { p99: number } }[];
    };
    expect(report.services[0]?.requests).toBe(result.requests.total + result.errors);
    expect(report.services[0]?.failures).toBe(result.errors + result.non2xx);
    expect(report.services[0]?.latencyMs.p99).toBe(result.latency.p99);
    const comment = fake.comments.find((c) => c.body.includes('<!-- terrarium:slo:llm-platform -->'));
    expect(comment?.body).toContain('## SLO report: llm-platform');
    expect(fake.issues.filter((i) => i.state === 'open' && i.title.startsWith('SLO breach'))).toHaveLength(0);
  });

  it.each([
    [
      { 'slo-file': 'missing.yaml', results: 'r.csv' },
      /::error::\/.*missing\.yaml: cannot read the SLO file \(ENOENT\); check the slo-file path/,
    ],
    [
      { 'slo-file': 'slo.yaml', results: 'r.csv', format: 'gatling' },
      /::error::input "format" is "gatling"; use one of auto, k6, k6-json, jmeter/,
    ],
    [{ 'slo-file': 'slo.yaml' }, /::error::input "results" is required/],
    [
      { 'slo-file': 'slo.yaml', results: 'nothing-*.csv' },
      /::error::results ".*nothing-\*\.csv" matched no file/,
    ],
    [
      { 'slo-file': 'slo.yaml', results: 'r.csv', 'fail-on-breach': 'maybe' },
      /::error::input "fail-on-breach" must be true or false, not "maybe"/,
    ],
  ])('fails with a message that says what to change: %o', async (inputs, expected) => {
    const run = await runAction('report-slo', { inputs, event: schedule, workspace: dir, env });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(expected);
  });

  it('points at the line and column of a mistake in the SLO file', async () => {
    await writeFile(join(dir, 'bad.yaml'), SLO.replace('percentile: 95', 'percentile: 195'));
    await writeFile(join(dir, 'r.csv'), jmeterCsv(10, 0, 0));
    const run = await runAction('report-slo', {
      inputs: { 'slo-file': 'bad.yaml', results: 'r.csv' },
      event: schedule,
      workspace: dir,
      env,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `::error::${join(dir, 'bad.yaml')}:12:23: \`spec.services.0.objectives.0.percentile\` must be < 100`,
    );
  });
});
