import type { ErrorBudget, ObjectiveResult } from './report-types.js';
import type { ObjectiveSpec } from './spec-types.js';

export function unitOf(objective: ObjectiveSpec): ObjectiveResult['unit'] {
  if (objective.indicator === 'tokens-per-second') return 'tokens/s';
  if (objective.indicator === 'latency' || objective.indicator === 'ttft') return 'ms';
  return '%';
}

/** What an objective measures, in its report's words: `p95 latency`, `availability`, `error rate`. */
export function measureOf(objective: ObjectiveSpec): string {
  const p = `p${objective.percentile ?? ''}`;
  switch (objective.indicator) {
    case 'latency':
      return `${p} latency`;
    case 'ttft':
      return `${p} time to first token`;
    case 'tokens-per-second':
      return `${p} tokens/s`;
    case 'availability':
      return 'availability';
    case 'error-rate':
      return 'error rate';
  }
}

/** The bound an objective's measured value is held to, in the value's own unit (ms, %, tokens/s). */
export function limitOf(objective: ObjectiveSpec): number {
  return objective.indicator === 'availability' ? round(objective.target * 100) : (objective.threshold ?? 0);
}

/** `p95 latency <= 1200 ms`, `availability >= 99.5%`, `error rate <= 0.5%`. */
export function describeObjective(objective: ObjectiveSpec): string {
  const measure = measureOf(objective);
  const limit = limitOf(objective);
  switch (objective.indicator) {
    case 'latency':
    case 'ttft':
      return `${measure} <= ${limit} ms`;
    case 'tokens-per-second':
      return `${measure} >= ${limit}`;
    case 'availability':
      return `${measure} >= ${limit}%`;
    case 'error-rate':
      return `${measure} <= ${limit}%`;
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
