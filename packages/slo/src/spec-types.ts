import type { SourceLocation } from '@terrarium/core';

/**
 * What an objective measures. Every kind is judged the same way (budgeting by occurrences):
 * each request is good or bad, and the objective holds while good/total >= target.
 * - latency, ttft: good when the value (ms) <= threshold; target = percentile / 100.
 * - tokens-per-second: good when the value >= threshold; `percentile: 10` means p10 >= threshold,
 *   so target = 1 - percentile / 100.
 * - availability: good when the request did not fail (see FailureDefinition); target as OpenSLO
 *   writes it, a fraction (`target: 0.995`) or a percent (`targetPercent: 99.5`).
 * - error-rate: the same, stated as the largest error rate in percent (target = 1 - threshold / 100).
 */
export type IndicatorKind = 'latency' | 'availability' | 'error-rate' | 'ttft' | 'tokens-per-second';

/**
 * Which requests count as failed for availability and error-rate objectives.
 * - server-errors: a 5xx answer, or no answer at all (timeout, refused connection, status 0); a 4xx
 *   answer (404, 429) is the caller's and counts as good. Where a source gives no status, its own
 *   verdict stands.
 * - not-success: whatever the source marks failed (App Insights' Success column, k6's
 *   http_req_failed, JMeter's success column, a request line's success), so every 4xx too.
 */
export type FailureDefinition = 'server-errors' | 'not-success';

export interface ObjectiveSpec {
  name: string;
  displayName: string | undefined;
  indicator: IndicatorKind;
  /** Narrows the objective to requests whose name or URL contains this text (case-sensitive). */
  endpoint: string | undefined;
  /** For latency, ttft and tokens-per-second. */
  percentile: number | undefined;
  /** ms for latency and ttft, tokens/s for tokens-per-second, percent for error-rate. */
  threshold: number | undefined;
  /** Fraction of requests that must be good, in (0, 1). */
  target: number;
  /** Where the objective is written, for messages. */
  location: SourceLocation;
}

export interface ServiceSpec {
  name: string;
  /** cloud_RoleName in Application Insights. */
  roleName: string;
  table: 'requests' | 'dependencies';
  /** Only requests whose name or URL contains this text (case-sensitive) count for the service. */
  match: string | undefined;
  /** What counts as a failed request for this service (spec.failures unless the service overrides it). */
  failures: FailureDefinition;
  objectives: ObjectiveSpec[];
  location: SourceLocation;
}

export interface SloSpec {
  /** Absolute path of the file it was read from. */
  file: string;
  name: string;
  displayName: string | undefined;
  /** The window the error budget is spent over, in seconds. */
  timeWindowSeconds: number;
  timeWindow: string;
  budgetingMethod: 'Occurrences';
  /** Percent a metric may worsen against a baseline before it is flagged. */
  regressionThresholdPercent: number;
  /** With kept history and no baseline file: how many of a service's last reports the median baseline takes. */
  baselineReports: number;
  services: ServiceSpec[];
}
