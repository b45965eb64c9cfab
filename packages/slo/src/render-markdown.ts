import { cell, fixed, ms, percent } from './markdown-text.js';
import type { LatencySummary, ObjectiveResult, ServiceStats, SloReport } from './report-types.js';

const STATUS = { met: '✅ met', breached: '❌ breached', 'no-data': '⚠️ no data' } as const;

/** The job summary: objectives at a glance, then alerts, regressions, per-service figures and a chart. */
export function renderSloMarkdown(report: SloReport): string {
  const out: string[] = [];
  const title = report.status === 'met' ? '✅ all objectives met' : '❌ objectives breached';
  out.push(`## SLO report: ${cell(report.name)}: ${title}`, '');
  out.push(
    `Source: ${cell(report.source.format)} (\`${cell(report.source.origin)}\`), budget window ${report.timeWindow}.` +
      (report.worstObjective
        ? ` Worst objective: **${report.worstObjective}**${report.budgetRemaining !== undefined ? ` with ${percent(report.budgetRemaining)} of its budget left` : ''}.`
        : ''),
    '',
  );
  out.push(
    '| Service | Objective | Target | Actual | Status | Budget left |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const o of report.objectives) {
    out.push(
      `| ${cell(o.service)} | ${cell(o.displayName ?? o.objective)} | ${cell(o.description)} | ${actual(o)} | ${STATUS[o.status]} | ${o.budget ? percent(o.budget.remainingFraction) : 'n/a'} |`,
    );
  }
  const notes = report.objectives.filter((o) => o.note && o.status !== 'met');
  if (notes.length > 0) {
    out.push('');
    for (const o of notes) out.push(`- ${o.service}/${o.objective}: ${o.note}`);
  }
  if (report.warnings.length > 0) {
    out.push('', '### Warnings', '');
    for (const warning of report.warnings) out.push(`- ⚠️ ${cell(warning)}`);
  }
  out.push('', '### Burn-rate alerts', '');
  const firing = report.burnRates.filter((b) => b.firing);
  if (report.burnRates.length === 0) out.push('No time series in the data, so no burn rates.');
  else if (firing.length === 0) out.push('No multi-window burn-rate alert would fire.');
  else {
    out.push(
      '| Service | Objective | Windows | Burn rate (long / short) | Threshold | Severity |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const b of firing) {
      out.push(
        `| ${b.service} | ${b.objective} | ${b.longWindow} / ${b.shortWindow}${b.partialWindow ? ' (partial)' : ''} | ${fixed(b.longBurnRate)}x / ${fixed(b.shortBurnRate)}x | ${b.factor}x | 🔥 ${b.severity} |`,
      );
    }
  }
  if (report.baseline !== undefined) {
    out.push('', `### Against the baseline (${cell(report.baseline)})`, '');
    const regressed = report.regressions.filter((r) => r.regressed);
    if (regressed.length === 0) {
      out.push(
        `No metric worse by more than ${report.regressionThresholdPercent}% (${report.regressions.length} compared).`,
      );
    } else {
      out.push('| Service | Metric | Baseline | Now | Change |', '| --- | --- | --- | --- | --- |');
      for (const r of regressed) {
        out.push(
          `| ${r.service} | ${r.metric} | ${num(r.baseline)} | ${num(r.current)} | 📉 ${r.changePercent === undefined ? 'was 0' : `+${fixed(r.changePercent)}% worse`} |`,
        );
      }
    }
  }
  out.push('', '### Services', '');
  out.push(
    '| Service | Requests | Error rate | Throughput | p50 | p90 | p95 | p99 |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const s of report.services) {
    const l = s.latencyMs;
    out.push(
      `| ${s.service} | ${s.requests} | ${s.errorRate === undefined ? 'n/a' : percent(s.errorRate)} | ${s.throughputRps === undefined ? 'n/a' : `${fixed(s.throughputRps)} req/s`} | ${ms(l.p50)} | ${ms(l.p90)} | ${ms(l.p95)} | ${ms(l.p99)} |`,
    );
  }
  const approximate = report.services.filter((s) => !s.exact).map((s) => s.service);
  if (approximate.length > 0) {
    out.push('', `Percentiles for ${approximate.join(', ')} come from a histogram and are within ±1%.`);
  }
  for (const s of report.services) out.push(...chart(s));
  return `${out.join('\n')}\n`;
}

function chart(s: ServiceStats): string[] {
  const points = percentilePoints(s.latencyMs);
  if (points.length === 0) return [];
  const top = Math.max(...points.map(([, v]) => v));
  return [
    '',
    '```mermaid',
    'xychart-beta',
    `  title "${s.service} latency percentiles (ms)"`,
    `  x-axis [${points.map(([p]) => `"${p}"`).join(', ')}]`,
    `  y-axis "ms" 0 --> ${Math.ceil(top * 1.1)}`,
    `  bar [${points.map(([, v]) => fixed(v)).join(', ')}]`,
    '```',
  ];
}

function percentilePoints(l: LatencySummary): [string, number][] {
  const all: [string, number | undefined][] = [
    ['p50', l.p50],
    ['p90', l.p90],
    ['p95', l.p95],
    ['p99', l.p99],
  ];
  return all.filter((p): p is [string, number] => p[1] !== undefined);
}

function actual(o: ObjectiveResult): string {
  if (o.actual === undefined) return 'n/a';
  if (o.unit === '%') return `${fixed(o.actual, 3)}%`;
  return `${fixed(o.actual)} ${o.unit}`;
}

function num(value: number): string {
  return fixed(value, 4);
}
