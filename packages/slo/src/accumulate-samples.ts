import { MinuteSeries } from './burn-rate.js';
import { isFailure } from './failure-rule.js';
import { Histogram } from './histogram.js';
import type { RequestSample, SampleBatches } from './sli-types.js';
import type { FailureDefinition, ObjectiveSpec, ServiceSpec, SloSpec } from './spec-types.js';

/** Output tokens per second, from the first token on when the time to it is known. */
export function tokensPerSecond(sample: RequestSample): number | undefined {
  if (sample.tokens === undefined) return undefined;
  const streamingMs =
    sample.ttftMs !== undefined && sample.ttftMs < sample.durationMs
      ? sample.durationMs - sample.ttftMs
      : sample.durationMs;
  return streamingMs > 0 ? sample.tokens / (streamingMs / 1000) : undefined;
}

/**
 * A service's `match` and an objective's `endpoint`: the request name or URL contains the text,
 * case-sensitively. The KQL of the App Insights query and the alert rules says the same with
 * `contains_cs`, so a report and an alert count the same requests.
 */
export function matches(sample: RequestSample, text: string | undefined): boolean {
  if (text === undefined) return true;
  return (sample.name?.includes(text) ?? false) || (sample.url?.includes(text) ?? false);
}

export class ServiceAccumulator {
  readonly latency = new Histogram();
  readonly ttft = new Histogram();
  readonly tokensPerSecond = new Histogram();
  requests = 0;
  failures = 0;
  first = Number.POSITIVE_INFINITY;
  last = Number.NEGATIVE_INFINITY;
  readonly objectives: ObjectiveAccumulator[];

  constructor(readonly spec: ServiceSpec) {
    this.objectives = spec.objectives.map((objective) => new ObjectiveAccumulator(objective, spec.failures));
  }

  accepts(sample: RequestSample): boolean {
    return (
      (sample.role === undefined || sample.role === this.spec.roleName) && matches(sample, this.spec.match)
    );
  }

  add(sample: RequestSample): void {
    const weight = sample.weight;
    if (sample.kind === 'ttft') {
      if (sample.ttftMs !== undefined) this.ttft.add(sample.ttftMs, weight);
      for (const objective of this.objectives) objective.add(sample);
      return;
    }
    this.requests += weight;
    if (isFailure(sample, this.spec.failures)) this.failures += weight;
    // One logarithm per request for the service's and every latency objective's histogram.
    const bucket = Histogram.bucketOf(sample.durationMs);
    this.latency.add(sample.durationMs, weight, bucket);
    if (sample.ttftMs !== undefined) this.ttft.add(sample.ttftMs, weight);
    const tps = tokensPerSecond(sample);
    if (tps !== undefined) this.tokensPerSecond.add(tps, weight);
    if (sample.timestamp !== undefined) {
      if (sample.timestamp < this.first) this.first = sample.timestamp;
      if (sample.timestamp > this.last) this.last = sample.timestamp;
    }
    for (const objective of this.objectives) objective.add(sample, bucket);
  }
}

export class ObjectiveAccumulator {
  readonly values = new Histogram();
  readonly series = new MinuteSeries();
  total = 0;
  bad = 0;

  constructor(
    readonly spec: ObjectiveSpec,
    private readonly failures: FailureDefinition,
  ) {}

  /** `latencyBucket`: Histogram.bucketOf(sample.durationMs), when the caller has it. */
  add(sample: RequestSample, latencyBucket?: number): void {
    if (!matches(sample, this.spec.endpoint)) return;
    const { indicator, threshold = 0 } = this.spec;
    let isBad: boolean;
    let value: number | undefined;
    if (indicator === 'ttft') {
      value = sample.ttftMs;
      if (value === undefined) return;
      isBad = value > threshold;
    } else if (sample.kind === 'ttft') {
      return;
    } else if (indicator === 'latency') {
      value = sample.durationMs;
      isBad = value > threshold;
    } else if (indicator === 'tokens-per-second') {
      value = tokensPerSecond(sample);
      if (value === undefined) return;
      isBad = value < threshold;
    } else isBad = isFailure(sample, this.failures);
    const weight = sample.weight;
    this.total += weight;
    if (isBad) this.bad += weight;
    if (value !== undefined)
      this.values.add(
        value,
        weight,
        indicator === 'latency' && latencyBucket !== undefined ? latencyBucket : undefined,
      );
    if (sample.timestamp !== undefined) this.series.add(sample.timestamp, isBad, weight);
  }
}

/** One pass over the samples, feeding every service and objective whose filter matches. */
export async function accumulateSamples(
  spec: SloSpec,
  samples: AsyncIterable<RequestSample> | SampleBatches,
): Promise<ServiceAccumulator[]> {
  const services = spec.services.map((service) => new ServiceAccumulator(service));
  const feed = (sample: RequestSample) => {
    for (const service of services) if (service.accepts(sample)) service.add(sample);
  };
  if ('batches' in samples) {
    for await (const batch of samples.batches()) for (const sample of batch) feed(sample);
  } else {
    for await (const sample of samples) feed(sample);
  }
  return services;
}
