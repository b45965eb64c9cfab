import type { Target } from '@terrarium/core';
import { RefusedError } from './failure.js';

/** The word a `maximum`-safety environment must be confirmed with. */
export const PRODUCTION_CONFIRMATION = 'PRODUCTION';

/** What `confirm` must say for this target: the environment's name, or PRODUCTION for `maximum`. */
export function expectedConfirmation(target: Target): string {
  return target.safety === 'maximum' ? PRODUCTION_CONFIRMATION : target.environment;
}

/**
 * Refuses a provision the environment's safety level does not allow, before terraform
 * runs or any state is touched. Plan-only runs change nothing, so they need no confirmation.
 */
export function checkProvisionAllowed(
  target: Target,
  request: { confirm?: string | undefined; planOnly?: boolean | undefined; planHash?: string | undefined },
): void {
  if (request.planOnly || target.safety === 'basic') return;
  const expected = expectedConfirmation(target);
  if ((request.confirm ?? '').trim() !== expected) {
    throw new RefusedError(
      'confirmation-required',
      `Environment "${target.environment}" has ${target.safety} safety: set the \`confirm\` input to "${expected}" to apply${
        request.confirm ? ` (it was "${request.confirm}")` : ''
      }.`,
    );
  }
  if (target.safety === 'maximum' && !request.planHash?.trim()) {
    throw new RefusedError(
      'confirmation-required',
      `Environment "${target.environment}" has maximum safety and applies only a reviewed plan: run with \`plan-only: true\` first, review it, then set \`plan-hash\` to the hash that run published.`,
    );
  }
}

/** Long-lived environments are torn down only on purpose: allow-long-lived plus the confirmation. */
export function checkTeardownAllowed(
  target: Target,
  request: { confirm?: string | undefined; allowLongLived?: boolean | undefined },
): void {
  if (target.kind === 'ephemeral') return;
  if (!request.allowLongLived) {
    throw new RefusedError(
      'long-lived-refused',
      `Environment "${target.environment}" is long-lived: set \`allow-long-lived: true\` and \`confirm: ${expectedConfirmation(target)}\` to tear it down.`,
    );
  }
  const expected = expectedConfirmation(target);
  if ((request.confirm ?? '').trim() !== expected) {
    throw new RefusedError(
      'confirmation-required',
      `Tearing down long-lived environment "${target.environment}" needs \`confirm: ${expected}\`.`,
    );
  }
}
