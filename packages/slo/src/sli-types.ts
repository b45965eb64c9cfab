/** The formats results can come in. `csv` and `jsonl` are Terrarium's own per-request lines. */
export type SliFormat = 'k6' | 'k6-json' | 'jmeter' | 'autocannon' | 'jsonl' | 'csv' | 'app-insights';

/** One request, as every per-request reader produces it. */
export interface RequestSample {
  /**
   * `request` for a request; `ttft` for a time-to-first-token measurement that is not a request of
   * its own (a k6 custom metric point): it counts only for ttft objectives and figures.
   */
  kind: 'request' | 'ttft';
  /** Epoch milliseconds when the request started, when the source says. */
  timestamp: number | undefined;
  durationMs: number;
  /** The source's own verdict (App Insights' Success, k6's http_req_failed, JMeter's success). */
  success: boolean;
  /** HTTP status (App Insights' ResultCode when numeric); 0 or undefined when there was no answer or none is known. */
  status: number | undefined;
  /**
   * How many requests this row stands for: App Insights' ItemCount under sampling (a row kept at
   * 25% sampling stands for 4), 1 elsewhere. Every count, rate and percentile is weighted by it.
   */
  weight: number;
  /** Request name or label (JMeter label, App Insights operation name). */
  name: string | undefined;
  url: string | undefined;
  /** cloud_RoleName, for App Insights. */
  role: string | undefined;
  /** Time to first token (LLM streaming), ms. */
  ttftMs: number | undefined;
  /** Tokens generated, for tokens per second. */
  tokens: number | undefined;
}

/** Percentiles a load tool computed itself, keyed by percentile (`50`, `95`, `97.5`). */
export interface AggregateSample {
  /** Undefined for the whole run; set for a k6 sub-metric such as `http_req_duration{name:chat}`. */
  name: string | undefined;
  /** Requests, when the tool counted them (a k6 sub-metric without http_reqs{...} or `count` has none). */
  count: number | undefined;
  /** Failed requests by the tool's own verdict, when it counted them. */
  failures: number | undefined;
  /** Failed requests counting only 5xx and no answer, when the tool tells them apart (autocannon). */
  serverFailures: number | undefined;
  durationSeconds: number | undefined;
  start: number | undefined;
  latencyMs: Distribution;
  ttftMs: Distribution | undefined;
}

export interface Distribution {
  min: number | undefined;
  max: number | undefined;
  mean: number | undefined;
  percentiles: Record<string, number>;
}

/**
 * A stream of samples that can also be read a batch at a time: the readers hand these out so the
 * evaluation pays one await per batch, not per request. Iterating it sample by sample still works.
 */
export interface SampleBatches extends AsyncIterable<RequestSample> {
  batches(): AsyncIterable<readonly RequestSample[]>;
}

/** Wraps a batch generator as SampleBatches. */
export function sampleBatches(batches: () => AsyncIterable<readonly RequestSample[]>): SampleBatches {
  return {
    batches,
    async *[Symbol.asyncIterator]() {
      for await (const batch of batches()) yield* batch;
    },
  };
}

/** What a reader hands to the evaluation: per-request samples (streamed) or a tool's own aggregates. */
export type SliInput =
  | {
      kind: 'samples';
      format: SliFormat;
      origin: string;
      samples: AsyncIterable<RequestSample> | SampleBatches;
    }
  | { kind: 'aggregates'; format: SliFormat; origin: string; aggregates: AggregateSample[] };

export function requestSample(
  fields: Partial<RequestSample> & Pick<RequestSample, 'durationMs' | 'success'>,
): RequestSample {
  return {
    kind: 'request',
    status: undefined,
    weight: 1,
    timestamp: undefined,
    name: undefined,
    url: undefined,
    role: undefined,
    ttftMs: undefined,
    tokens: undefined,
    ...fields,
  };
}
