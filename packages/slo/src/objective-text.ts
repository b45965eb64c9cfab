import type { ErrorBudget, ObjectiveResult } from './report-types.js';
import type { ObjectiveSpec } from './spec-types.js';

export function unitOf(objective: ObjectiveSpec): ObjectiveResult['unit'] {
  if (objective.indicator === 'tokens-per-second') return 'tokens/s';
  if (objective.indicator === 'latency' || objective.indicator === 'ttft') return 'ms';
  return '%';
}

/** `p95 latency <= 1200 ms`, `availability >= 99.5%`, `error rate <= 0.5%`. */
export function describeObjective(objective: ObjectiveSpec): string {
  const p = `p${objective.percentile ?? ''}`;
  switch (objective.indicator) {
    case 'latency':
      return `${p} latency <= ${objective.threshold} ms`;
    case 'ttft':
      return `${p} time to first token <= ${objective.threshold} ms`;
    case 'tokens-per-second':
      return `${p} tokens/s >= ${objective.threshold}`;
    case 'availability':
      return `availability >= ${round(objective.target * 100)}%`;
    case 'error-rate':
      return `error rate <= ${objective.threshold}%`;
  }
}

/** Budgeting by occurrences: (1 - target) * total bad requests are allowed. */
export function errorBudget(target: number, total: number, bad: number): ErrorBudget | undefined {
  if (total === 0) return undefined;
  const allowed = (1 - target) * total;
  const consumedFraction = allowed === 0 ? (bad === 0 ? 0 : Number.POSITIVE_INFINITY) : bad / allowed;
  return { allowed, consumed: bad, consumedFraction, remainingFraction: 1 - consumedFraction };
}

export function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
