import { accumulateSamples } from './accumulate-samples.js';
import { compareWithBaseline, type SloBaseline } from './baseline.js';
import { burnRateWindows, neverFiringPairs } from './burn-rate.js';
import { objectiveFromAggregates, serviceStatsFromAggregates } from './evaluate-aggregates.js';
import { burnRatesFromSamples, objectiveFromSamples, serviceStatsFromSamples } from './evaluate-samples.js';
import type { BurnRateResult, ObjectiveResult, ServiceStats, SloReport } from './report-types.js';
import type { SliInput } from './sli-types.js';
import type { SloSpec } from './spec-types.js';

export interface EvaluateOptions {
  /** A previous run's report, or the median of kept ones, to flag regressions. */
  baseline?: SloBaseline | undefined;
  /** Where the baseline came from, for the report. */
  baselineOrigin?: string | undefined;
  now?: Date | undefined;
}

/** Judges every objective of the spec against the data: one pass, bounded memory. */
export async function evaluateSlo(
  spec: SloSpec,
  input: SliInput,
  options: EvaluateOptions = {},
): Promise<SloReport> {
  let services: ServiceStats[];
  let objectives: ObjectiveResult[];
  let burnRates: BurnRateResult[] = [];
  if (input.kind === 'samples') {
    const accumulated = await accumulateSamples(spec, input.samples);
    services = accumulated.map(serviceStatsFromSamples);
    objectives = accumulated.flatMap((service) =>
      service.objectives.map((objective) => objectiveFromSamples(service.spec.name, objective)),
    );
    const windows = burnRateWindows(spec.timeWindowSeconds);
    burnRates = accumulated.flatMap((service) => burnRatesFromSamples(service, windows));
  } else {
    services = spec.services.map((service) => serviceStatsFromAggregates(service, input.aggregates));
    objectives = spec.services.flatMap((service) =>
      service.objectives.map((objective) =>
        objectiveFromAggregates(service, objective, input.aggregates, input.format),
      ),
    );
  }
  const worst = worstObjective(objectives);
  const threshold = spec.regressionThresholdPercent;
  return {
    version: 1,
    name: spec.name,
    file: spec.file,
    generatedAt: (options.now ?? new Date()).toISOString(),
    timeWindow: spec.timeWindow,
    source: { format: input.format, origin: input.origin },
    // No data for an objective is not a pass: a load test that measured nothing proves nothing.
    status: objectives.every((o) => o.status === 'met') ? 'met' : 'breached',
    budgetRemaining: worst?.budget?.remainingFraction,
    worstObjective: worst ? `${worst.service}/${worst.objective}` : undefined,
    services,
    objectives,
    burnRates,
    regressionThresholdPercent: threshold,
    baseline: options.baseline ? (options.baselineOrigin ?? options.baseline.generatedAt) : undefined,
    regressions: options.baseline ? compareWithBaseline(services, options.baseline, threshold) : [],
    warnings: neverFiringPairs(spec),
  };
}

/**
 * The objective with the least budget left. A breach whose budget is unknown (tool percentiles)
 * ranks first; missing data ranks as an exhausted budget, after real overspends.
 */
function worstObjective(objectives: ObjectiveResult[]): ObjectiveResult | undefined {
  const rank = (o: ObjectiveResult) => {
    if (o.budget) return o.budget.remainingFraction;
    if (o.status === 'no-data') return 0;
    return o.status === 'met' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  };
  let worst: ObjectiveResult | undefined;
  for (const objective of objectives) if (!worst || rank(objective) < rank(worst)) worst = objective;
  return worst;
}
