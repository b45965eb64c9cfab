import type { HistoryObjective, SloHistoryEntry } from './history-entry.js';
import { cell, fixed, ms, percent } from './markdown-text.js';

const STATUS = { met: '✅ met', breached: '❌ breached', 'no-data': '⚠️ no data' } as const;

/**
 * The last nights of every service, oldest first: a table of its figures (p95, time to first
 * token, error rate), then a chart per objective that GitHub draws from mermaid's xychart-beta.
 * `history` holds each service's kept entries newest first, tonight's included.
 */
export function renderSloTrend(history: ReadonlyMap<string, readonly SloHistoryEntry[]>): string {
  const out: string[] = [];
  for (const [service, newestFirst] of history) {
    if (newestFirst.length === 0) continue;
    const entries = [...newestFirst].reverse();
    out.push('', `### Trend: ${cell(service)}, last ${nights(entries.length)}`, '');
    out.push(...serviceTable(entries));
    for (const objective of objectivesOf(entries)) out.push(...objectiveChart(entries, objective));
  }
  return out.length === 0 ? '' : `${out.join('\n').slice(1)}\n`;
}

/** One objective's last nights, for its incident issue: the chart, then its value night by night. */
export function renderObjectiveTrend(newestFirst: readonly SloHistoryEntry[], objective: string): string {
  const entries = [...newestFirst].reverse();
  const points = entries.flatMap((entry) => {
    const found = entry.objectives.find((o) => o.objective === objective);
    return found ? [{ entry, objective: found }] : [];
  });
  if (points.length === 0) return '';
  const out = [`**Last ${nights(points.length)}**`, ...objectiveChart(entries, objective), ''];
  out.push('| Night | Actual | Status |', '| --- | --- | --- |');
  for (const { entry, objective: o } of points) {
    out.push(`| ${night(entry)} | ${actual(o)} | ${STATUS[o.status]} |`);
  }
  return `${out.join('\n')}\n`;
}

function serviceTable(entries: SloHistoryEntry[]): string[] {
  const withTtft = entries.some((e) => e.stats.ttftMs?.p95 !== undefined);
  const header = [
    'Night',
    'Run',
    'Requests',
    'p95 latency',
    ...(withTtft ? ['p95 TTFT'] : []),
    'Error rate',
    'Objectives',
  ];
  const rows = entries.map((entry) => {
    const met = entry.objectives.filter((o) => o.status === 'met').length;
    const all = entry.objectives.length;
    return [
      night(entry),
      entry.run.url ? `[${cell(entry.run.id)}](${entry.run.url})` : cell(entry.run.id),
      String(entry.stats.requests),
      ms(entry.stats.latencyMs.p95),
      ...(withTtft ? [ms(entry.stats.ttftMs?.p95)] : []),
      entry.stats.errorRate === undefined ? 'n/a' : percent(entry.stats.errorRate),
      `${met === all ? '✅' : '❌'} ${met}/${all} met`,
    ];
  });
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

/** Objectives in the order the newest entry lists them, then any only older entries have. */
function objectivesOf(entries: SloHistoryEntry[]): string[] {
  const names: string[] = [];
  for (const entry of [...entries].reverse()) {
    for (const o of entry.objectives) if (!names.includes(o.objective)) names.push(o.objective);
  }
  return names;
}

/**
 * A line of the measured value over the nights that measured it, and a flat line at the
 * objective's limit (as of the newest night). Names in the title come from the validated SLO file
 * (letters, digits, `.`, `_`, `-`), so they cannot break out of mermaid's quotes.
 */
function objectiveChart(entries: SloHistoryEntry[], objective: string): string[] {
  const points = entries.flatMap((entry) => {
    const found = entry.objectives.find((o) => o.objective === objective);
    return found?.actual === undefined || found.actual === null
      ? []
      : [{ entry, value: found.actual, o: found }];
  });
  const newest = points.at(-1);
  if (!newest) return [];
  const { o } = newest;
  const digits = o.unit === '%' ? 3 : 1;
  const values = points.map((p) => p.value);
  const limit = Number.isFinite(o.limit) ? o.limit : undefined;
  const [low, high] = axisRange(o, [...values, ...(limit === undefined ? [] : [limit])]);
  const labels = axisLabels(points.map((p) => p.entry));
  return [
    '',
    '```mermaid',
    'xychart-beta',
    `  title "${newest.entry.service} ${objective}: ${o.measure} (${o.unit})"`,
    `  x-axis [${labels.map((label) => `"${label}"`).join(', ')}]`,
    `  y-axis "${o.unit}" ${low} --> ${high}`,
    `  line [${values.map((v) => fixed(v, digits)).join(', ')}]`,
    ...(limit === undefined ? [] : [`  line [${values.map(() => fixed(limit, digits)).join(', ')}]`]),
    '```',
    '',
    limit === undefined
      ? `${cell(o.description)}.`
      : `${cell(o.description)}: the flat line is the objective (${fixed(limit, digits)}${o.unit === '%' ? '%' : ` ${o.unit}`}).`,
  ];
}

/**
 * From 0 for most figures; availability lives just under 100%, where a range from 0 would draw
 * every night on one flat line, so its range starts a point below the lowest value.
 */
function axisRange(o: HistoryObjective, values: number[]): [number, number] {
  const top = Math.max(...values);
  if (o.indicator === 'availability') return [Math.max(0, Math.floor(Math.min(...values)) - 1), 100];
  if (top <= 0) return [0, 1];
  // Room above the highest point, rounded up at its second digit: 1,452 -> 1,500.
  const high = top * 1.1;
  const step = 10 ** (Math.floor(Math.log10(high)) - 1);
  return [0, Number((Math.ceil(high / step) * step).toPrecision(12))];
}

/** `11-23` per night; with the time too when one day holds two runs. */
function axisLabels(entries: SloHistoryEntry[]): string[] {
  const days = entries.map((e) => e.generatedAt.slice(5, 10));
  const unique = new Set(days).size === days.length;
  return entries.map((e, i) =>
    unique ? (days[i] ?? '') : `${e.generatedAt.slice(5, 10)} ${e.generatedAt.slice(11, 16)}`,
  );
}

function night(entry: SloHistoryEntry): string {
  return `${entry.generatedAt.slice(0, 10)} ${entry.generatedAt.slice(11, 16)}`;
}

function nights(count: number): string {
  return count === 1 ? 'night' : `${count} nights`;
}

function actual(o: HistoryObjective): string {
  if (o.actual === undefined || o.actual === null) return 'n/a';
  return o.unit === '%' ? `${fixed(o.actual, 3)}%` : `${fixed(o.actual)} ${o.unit}`;
}
