import { errorMessage, type Target } from '@terrarium/core';
import { type FailureReason, failureContextOf, failureReasonOf, failureSummary } from '@terrarium/lifecycle';
import { explainStorageError } from '@terrarium/state';

/** A failed run, as an action reports it: the failure-reason output, the summary, the message. */
export interface RunFailureReport {
  reason: FailureReason;
  /** The error to end the step with: a refused or unreachable storage account explained. */
  error: unknown;
  target: Target | undefined;
  /** The job summary's markdown. */
  summary: string;
}

export function describeRunFailure(caught: unknown): RunFailureReport {
  const context = failureContextOf(caught);
  // A refused or unreachable storage account is the workflow's to fix, not a Terrarium bug.
  const error = failureReasonOf(caught) === 'internal-error' ? explainStorageError(caught) : caught;
  const reason = failureReasonOf(error);
  return {
    reason,
    error,
    target: context?.target,
    summary: failureSummary(reason, errorMessage(error), context?.target, context?.notes ?? []),
  };
}
