import { limitOf, measureOf } from './objective-text.js';
import type { ObjectiveResult, ObjectiveStatus, ServiceStats, SloReport } from './report-types.js';
import type { IndicatorKind, SloSpec } from './spec-types.js';

/** One objective of one kept report: enough to draw its trend and judge the next night by it. */
export interface HistoryObjective {
  objective: string;
  indicator: IndicatorKind;
  /** What is measured, in the report's words: `p95 latency`, `availability`. */
  measure: string;
  /** `p95 latency <= 1200 ms`. */
  description: string;
  /** The bound `actual` is held to, in `unit`: the line the trend chart draws beside it. */
  limit: number;
  actual: number | undefined;
  unit: ObjectiveResult['unit'];
  status: ObjectiveStatus;
  total: number;
  bad: number | undefined;
  budgetRemaining: number | undefined;
}

/**
 * One service of one report as the state account keeps it: the report JSON without what is
 * large or only of use on the night (burn-rate series, regressions, notes, the results' paths).
 */
export interface SloHistoryEntry {
  version: 1;
  /** The SLO set's `metadata.name`. */
  slo: string;
  service: string;
  generatedAt: string;
  /** The workflow run that measured it (`local` from a laptop). */
  run: { id: string; url: string | undefined };
  /** The results' format (`k6-json`, `app-insights`). */
  format: string;
  /** Met when every objective of this service was. */
  status: 'met' | 'breached';
  stats: ServiceStats;
  objectives: HistoryObjective[];
}

/** A report, one entry per service, ready to keep. */
export function historyEntries(
  report: SloReport,
  spec: SloSpec,
  run: { id: string; url?: string | undefined },
): SloHistoryEntry[] {
  return report.services.map((stats) => {
    const service = spec.services.find((s) => s.name === stats.service);
    const objectives = report.objectives
      .filter((o) => o.service === stats.service)
      .map((o): HistoryObjective => {
        const objectiveSpec = service?.objectives.find((s) => s.name === o.objective);
        return {
          objective: o.objective,
          indicator: o.indicator,
          measure: objectiveSpec ? measureOf(objectiveSpec) : o.description,
          description: o.description,
          limit: objectiveSpec ? limitOf(objectiveSpec) : Number.NaN,
          actual: o.actual,
          unit: o.unit,
          status: o.status,
          total: o.total,
          bad: o.bad,
          budgetRemaining: o.budget?.remainingFraction,
        };
      });
    return {
      version: 1,
      slo: report.name,
      service: stats.service,
      generatedAt: report.generatedAt,
      run: { id: run.id, url: run.url },
      format: report.source.format,
      status: objectives.every((o) => o.status === 'met') ? 'met' : 'breached',
      stats,
      objectives,
    };
  });
}

/**
 * A kept entry read back, or undefined when the text is not one (written by hand, cut short, a
 * later version): history is for looking back, so a bad entry is passed over, not fatal.
 */
export function parseHistoryEntry(text: string): SloHistoryEntry | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const entry = parsed as Partial<SloHistoryEntry> | null;
  if (
    entry?.version !== 1 ||
    typeof entry.slo !== 'string' ||
    typeof entry.service !== 'string' ||
    typeof entry.generatedAt !== 'string' ||
    Number.isNaN(Date.parse(entry.generatedAt)) ||
    typeof entry.stats !== 'object' ||
    entry.stats === null ||
    typeof entry.stats.latencyMs !== 'object' ||
    !Array.isArray(entry.objectives)
  ) {
    return undefined;
  }
  return entry as SloHistoryEntry;
}
