import { hostname, userInfo } from 'node:os';
import type { Target } from '@terrarium/core';
import { type LifecycleDeps, LockLeftError, systemClock, type TerraformPort } from './ports.js';

/** Storage outages are usually short: about half a minute of tries, then give up and say where the state is. */
const RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 15_000];
/** Clocks of the runner and the storage account may differ a little. */
const CLOCK_SKEW_MS = 60_000;

export interface RescueOptions {
  /** When the failed terraform command started. */
  startedAt: Date;
  lockTimeoutMs: number;
}

/**
 * After a terraform apply or destroy failed, puts right what storage dropping at its end left.
 * Terraform says so itself: it prints the lock it could not release ("Error releasing the state
 * lock", whose id is the lease id), and leaves `errored.tfstate` when it could not save the state.
 *
 * - The save went through, the release did not: the state is safe but leased by a process that
 *   has exited. This run releases that lease by its id, which storage honours only for that very
 *   lease: never anyone else's.
 * - The save failed too: `errored.tfstate` is the only record of what was done, and a runner
 *   throws it away with the job. So, for a bounded time, release the lease and push the file
 *   (terraform refuses a different lineage or an older serial).
 *
 * Returns a note for the summary, or undefined when there was nothing to put right.
 */
export async function rescueErroredState(
  deps: LifecycleDeps,
  target: Target,
  terraform: TerraformPort,
  failure: unknown,
  options: RescueOptions,
): Promise<string | undefined> {
  const lockLeft = failure instanceof LockLeftError;
  const file = await terraform.erroredStateFile?.();
  const release = async () => {
    if (!lockLeft) return;
    const leaseId = failure.leaseId ?? (await leaseTakenHere(deps, target, options.startedAt));
    if (leaseId !== undefined) await deps.state.releaseLease(target, leaseId);
  };
  if (!file || !terraform.pushState) {
    if (!lockLeft) return undefined;
    const released = await withRetries(deps, 'Releasing the lease terraform left', release);
    if (!released.ok) {
      deps.logger.warning(
        `terraform could not release its lease on ${target.stateKey}, and neither could this run (${released.error.message}); \`terrarium unlock\` releases it.`,
      );
      return undefined;
    }
    const note = `Released the lease terraform left on ${target.stateKey} when storage dropped as it unlocked.`;
    deps.logger.warning(note);
    return note;
  }
  const push = terraform.pushState;
  deps.logger.warning(
    `terraform could not save the state of ${target.envId} to ${target.stateKey}; pushing it again`,
  );
  const pushed = await withRetries(deps, 'Pushing the saved state', async () => {
    await release();
    await push(file, { lockTimeoutMs: options.lockTimeoutMs });
  });
  if (pushed.ok) {
    const note = `Pushed the state terraform could not save to ${target.stateKey} (attempt ${pushed.attempts}); nothing it recorded is lost.`;
    deps.logger.warning(note);
    return note;
  }
  const note = `terraform could not save the state of ${target.envId}, and pushing it again failed (${pushed.error.message}). The state is in ${file} until this job ends: run \`terraform state push ${file}\` there, or it is lost.`;
  deps.logger.error(note);
  return note;
}

/**
 * When terraform could not even read its lock back to print it, the lease's own lock info says
 * whose it is: the lease id, if terraform on this machine took it since the failed command started.
 */
async function leaseTakenHere(
  deps: LifecycleDeps,
  target: Target,
  startedAt: Date,
): Promise<string | undefined> {
  const lease = await deps.state.readLease(target);
  if (!lease || lease.id === 'unknown' || lease.who !== terraformWho()) return undefined;
  const created = lease.created ? Date.parse(lease.created) : Number.NaN;
  return created >= startedAt.getTime() - CLOCK_SKEW_MS ? lease.id : undefined;
}

/** How terraform signs its lock info: `user@host` of the process that took the lease. */
export function terraformWho(): string {
  return `${userInfo().username}@${hostname()}`;
}

async function withRetries(
  deps: LifecycleDeps,
  what: string,
  action: () => Promise<void>,
): Promise<{ ok: true; attempts: number } | { ok: false; error: Error }> {
  const clock = deps.clock ?? systemClock;
  let last: Error = new Error('not tried');
  for (const [attempt, delay] of [0, ...RETRY_DELAYS_MS].entries()) {
    if (delay > 0) await clock.sleep(delay);
    try {
      await action();
      return { ok: true, attempts: attempt + 1 };
    } catch (error) {
      last = error as Error;
      deps.logger.debug(`${what} failed (attempt ${attempt + 1}): ${last.message}`);
    }
  }
  return { ok: false, error: last };
}
