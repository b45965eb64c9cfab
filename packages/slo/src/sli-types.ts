/** The formats results can come in. `csv` and `jsonl` are Terrarium's own per-request lines. */
export type SliFormat = 'k6' | 'jmeter' | 'autocannon' | 'jsonl' | 'csv' | 'app-insights';

/** One request, as every per-request reader produces it. */
export interface RequestSample {
  /** Epoch milliseconds when the request started, when the source says. */
  timestamp: number | undefined;
  durationMs: number;
  success: boolean;
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
  count: number;
  failures: number;
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

/** What a reader hands to the evaluation: per-request samples (streamed) or a tool's own aggregates. */
export type SliInput =
  | { kind: 'samples'; format: SliFormat; origin: string; samples: AsyncIterable<RequestSample> }
  | { kind: 'aggregates'; format: SliFormat; origin: string; aggregates: AggregateSample[] };

export function requestSample(
  fields: Partial<RequestSample> & Pick<RequestSample, 'durationMs' | 'success'>,
): RequestSample {
  return {
    timestamp: undefined,
    name: undefined,
    url: undefined,
    role: undefined,
    ttftMs: undefined,
    tokens: undefined,
    ...fields,
  };
}
