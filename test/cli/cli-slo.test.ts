import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundlePath, runBundle } from '../harness/run-bundle.js';

const SLO = `apiVersion: terrarium.dev/v1alpha1
kind: SLO
metadata:
  name: checkout
spec:
  timeWindow: 1h
  services:
    - name: api
      objectives:
        - name: latency-p95
          indicator: latency
          percentile: 95
          threshold: 500
        - name: availability
          indicator: availability
          targetPercent: 99
`;

/** `count` requests a second apart, `slow` of them at 900 ms and `failed` of them failing. */
function requests(count: number, slow: number, failed: number): string {
  const start = Date.parse('2026-11-21T23:00:00Z');
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      timestamp: new Date(start + i * 1000).toISOString(),
      durationMs: i < slow ? 900 : 100 + (i % 50),
      status: i >= count - failed ? 500 : 200,
      name: 'api',
    }),
  ).join('\n');
}

describe('terrarium slo', () => {
  let bundle: string;
  let dir: string;
  const cli = (...args: string[]) => runBundle(bundle, args, { cwd: dir, env: {} });

  beforeAll(() => {
    bundle = bundlePath('packages/cli');
    dir = mkdtempSync(join(tmpdir(), 'terrarium-slo-'));
    writeFileSync(join(dir, 'checkout.slo.yaml'), SLO);
    writeFileSync(join(dir, 'good.jsonl'), requests(1000, 10, 2));
    writeFileSync(join(dir, 'bad.jsonl'), requests(1000, 100, 30));
  });

  it('reports met objectives as a table and exits 0', async () => {
    const run = await cli('slo', 'report', 'checkout.slo.yaml', 'good.jsonl');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^SERVICE\s+OBJECTIVE\s+WANTED\s+ACTUAL\s+STATUS\s+BUDGET LEFT$/m);
    expect(run.stdout).toMatch(/^api\s+latency-p95\s.*\smet\s/m);
    expect(run.stdout).toMatch(/^api\s+availability\s.*99\.8%\s+met\s/m);
    expect(run.stdout).toContain('checkout: met');
    expect(run.stderr).toContain('detected jsonl');
  });

  it('exits 1 on a breach, and flags regressions against a baseline report', async () => {
    const baseline = await cli('slo', 'report', 'checkout.slo.yaml', 'good.jsonl', '--json');
    expect(baseline.code).toBe(0);
    writeFileSync(join(dir, 'baseline.json'), baseline.stdout);
    const run = await cli(
      'slo',
      'report',
      'checkout.slo.yaml',
      'bad.jsonl',
      '--format',
      'jsonl',
      '--baseline',
      'baseline.json',
      '--json',
    );
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      status: string;
      objectives: { objective: string; status: string }[];
      regressions: { metric: string; regressed: boolean }[];
    };
    expect(report.status).toBe('breached');
    expect(report.objectives.find((o) => o.objective === 'availability')?.status).toBe('breached');
    expect(report.regressions.filter((r) => r.regressed).map((r) => r.metric)).toContain('error rate');
  });

  it('points at the line of a mistake in the SLO file, and refuses an unknown format', async () => {
    writeFileSync(join(dir, 'broken.slo.yaml'), SLO.replace('percentile: 95', 'percentile: 195'));
    const broken = await cli('slo', 'report', 'broken.slo.yaml', 'good.jsonl');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.slo\.yaml:12:\d+: .*percentile/);
    const format = await cli('slo', 'report', 'checkout.slo.yaml', 'good.jsonl', '--format', 'xml');
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format "xml" is not a results format; use auto, k6, k6-json, jmeter');
  });

  it('writes burn-rate alert rules as Terraform JSON', async () => {
    const run = await cli('slo', 'alerts', 'checkout.slo.yaml', '--out', 'alerts', '--json');
    expect(run.code, run.stderr).toBe(0);
    const { file, rules } = JSON.parse(run.stdout) as { file: string; rules: number };
    expect(readdirSync(join(dir, 'alerts'))).toEqual(['slo-alerts-checkout.tf.json']);
    const document = JSON.parse(readFileSync(file, 'utf8')) as {
      resource: { azurerm_monitor_scheduled_query_rules_alert_v2: Record<string, unknown> };
    };
    expect(Object.keys(document.resource.azurerm_monitor_scheduled_query_rules_alert_v2)).toHaveLength(rules);
    expect(rules).toBeGreaterThan(0);
  });

  it('says on stderr which alert pair can never fire', async () => {
    // 90% over the default 30 days: the 1h/5m pair would need an error ratio of 14.4 x 0.1 > 1.
    writeFileSync(
      join(dir, 'loose.slo.yaml'),
      SLO.replace('  timeWindow: 1h\n', '').replace('targetPercent: 99', 'targetPercent: 90'),
    );
    const run = await cli('slo', 'alerts', 'loose.slo.yaml', '--out', 'loose');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      'warning: api/availability: the 1h/5m pair would alert at an error ratio of 14.4 x (1 - 0.9) = 1.44, above 1, so it can never fire',
    );
  });

  it('reads k6 --out json when it is named as the format', async () => {
    const k6 = join(
      import.meta.dirname,
      '../../packages/slo/src/readers/fixtures/k6/xk6-dashboard-result-head.json',
    );
    writeFileSync(join(dir, 'k6.slo.yaml'), SLO.replace('name: api', 'name: site'));
    const run = await cli('slo', 'report', 'k6.slo.yaml', k6, '--format', 'k6-json', '--json');
    expect(run.stderr).not.toContain('detected');
    const report = JSON.parse(run.stdout) as { source: { format: string }; services: { requests: number }[] };
    expect(report.source.format).toBe('k6-json');
    // Two whole iterations, each a 308 and its 200.
    expect(report.services[0]?.requests).toBe(4);
  });
});
