import { ConfigurationError, isConfigurationError, type Target } from '@terrarium/core';

/**
 * Why a run failed, as the actions publish it in `failure-reason`. Workflows branch on
 * these names, so they are a contract: add new ones, never rename.
 */
export type FailureReason =
  | 'config-error'
  | 'confirmation-required'
  | 'long-lived-refused'
  | 'state-locked'
  | 'plan-failed'
  | 'apply-failed'
  | 'plan-changed'
  | 'backup-failed'
  | 'destroy-failed'
  | 'destroy-incomplete'
  | 'internal-error';

/**
 * A refusal the user can fix (a missing confirmation, a plan that no longer matches the
 * reviewed one). It is a ConfigurationError, so callers print the message without a stack.
 */
export class RefusedError extends ConfigurationError {
  readonly reason: FailureReason;

  constructor(reason: FailureReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** The run started and an external step failed (lock held, terraform failed). Keeps its cause. */
export class LifecycleFailure extends Error {
  override readonly name = 'LifecycleFailure';
  readonly reason: FailureReason;

  constructor(reason: FailureReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

/** The failure reason of anything a lifecycle function threw. */
export function failureReasonOf(error: unknown): FailureReason {
  if (error instanceof RefusedError || error instanceof LifecycleFailure) return error.reason;
  if (isConfigurationError(error)) return 'config-error';
  return 'internal-error';
}

/**
 * How a run that completed ends for whoever ran it: a line of information, a warning, or a
 * failure (with its reason, for the actions' failure-reason output) after the results are out.
 */
export interface Verdict {
  level: 'info' | 'warning' | 'failed';
  message: string;
  reason?: string | undefined;
}

/** What a failed run had learned before it failed, for the action's outputs and summary. */
export interface FailureContext {
  target?: Target | undefined;
  notes: string[];
}

const contexts = new WeakMap<object, FailureContext>();

/** Remembers, on the thrown error, which target the run was for. */
export function attachFailureContext(error: unknown, context: FailureContext): unknown {
  if (error !== null && typeof error === 'object' && !contexts.has(error)) contexts.set(error, context);
  return error;
}

export function failureContextOf(error: unknown): FailureContext | undefined {
  return error !== null && typeof error === 'object' ? contexts.get(error) : undefined;
}
