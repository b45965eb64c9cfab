import type { Catalog, Target } from '@terrarium/core';
import type { LifecycleDeps } from './ports.js';

const DAY_MS = 86_400_000;

/**
 * The expiry a run may write on an ephemeral environment's record, after renewing its state.
 *
 * The storage account's backstop deletes an ephemeral state untouched for
 * `delete-ephemeral-state-after-days`; it cannot read records. So every write that sets or
 * extends an expiry touches the state first, and never promises more than the touch covers: the
 * expiry stays before the state's Last-Modified (the account's own clock) plus those days. With
 * every ttl shorter than the backstop, a state the backstop deletes belongs to an environment
 * whose record had expired. A state terraform holds leased cannot be touched: its expiry is held
 * at what its last change covers, with a warning, and the next run renews it.
 */
export async function renewedExpiry(
  deps: LifecycleDeps,
  catalog: Catalog,
  target: Target,
  requested: string | undefined,
): Promise<string | undefined> {
  const renewal = await deps.state.renewState(target);
  if (target.kind !== 'ephemeral' || requested === undefined || renewal.outcome === 'absent')
    return requested;
  const days = catalog.lifecycle.deleteEphemeralStateAfterDays;
  const covered = new Date(renewal.lastModified.getTime() + days * DAY_MS);
  if (Date.parse(requested) <= covered.getTime()) return requested;
  const held = covered.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (renewal.outcome === 'leased')
    deps.logger.warning(
      `The state of ${target.envId} is locked, so it could not be renewed: its expiry is held at ${held} instead of ${requested}, ${days} days after the state last changed (the storage account deletes an ephemeral state untouched that long). The next run or sweep renews it.`,
    );
  else
    deps.logger.warning(
      `The storage account's clock puts the state of ${target.envId} at ${renewal.lastModified.toISOString()}: its expiry is held at ${held} instead of ${requested}, within the ${days} days the lifecycle backstop leaves it.`,
    );
  return held;
}
