import type { RequestSample } from './sli-types.js';
import type { FailureDefinition } from './spec-types.js';

/**
 * Whether a request counts as failed, for availability and error-rate objectives. The same rule as
 * kqlFailed below, so a report and the alert rules built from one SLO file count the same requests:
 * - server-errors: a known HTTP status decides (>= 500 is failed, 4xx is the caller's); with no
 *   status, or status 0 (no answer: timeout, refused connection), the source's verdict stands.
 * - not-success: the source's verdict (App Insights' Success, k6's http_req_failed...).
 */
export function isFailure(sample: RequestSample, definition: FailureDefinition): boolean {
  if (definition === 'server-errors' && sample.status !== undefined && sample.status !== 0) {
    return sample.status >= 500;
  }
  return !sample.success;
}

/** The same rule over AppRequests / AppDependencies columns, as a KQL boolean expression. */
export function kqlFailed(definition: FailureDefinition): string {
  if (definition === 'not-success') return 'Success == false';
  return 'iff(isnull(toint(ResultCode)) or toint(ResultCode) == 0, Success == false, toint(ResultCode) >= 500)';
}

/** App Insights' ResultCode as the HTTP status the rule above reads: a whole number, else none. */
export function statusFromResultCode(code: unknown): number | undefined {
  if (typeof code === 'number') return Number.isInteger(code) ? code : undefined;
  return typeof code === 'string' && /^-?[0-9]{1,9}$/.test(code) ? Number(code) : undefined;
}
