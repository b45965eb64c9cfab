import type { Target } from '@terrarium/core';
import {
  type LifecycleDeps,
  type RunContext,
  type StateLease,
  systemClock,
  type TerraformPort,
} from './ports.js';

/** Storage outages are usually short: about half a minute of tries, then give up and say where the state is. */
const RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 15_000];
/** Clocks of the runner and the storage account may differ a little. */
const CLOCK_SKEW_MS = 60_000;

export interface RescueOptions {
  run?: RunContext | undefined;
  /** When the failed terraform command started: a lease taken before it is not this run's. */
  startedAt: Date;
  lockTimeoutMs: number;
}

/**
 * When storage drops while terraform saves the state at the end of an apply or destroy, terraform
 * writes what it holds to `errored.tfstate` in its working directory and cannot release its lease.
 * That file is the only record of what was created, and a runner throws it away with the job. So:
 * try again, for a bounded time, to release the lease this run's terraform left and push the file
 * (terraform refuses a different lineage or an older serial). Returns a note for the summary.
 */
export async function rescueErroredState(
  deps: LifecycleDeps,
  target: Target,
  terraform: TerraformPort,
  options: RescueOptions,
): Promise<string | undefined> {
  const file = await terraform.erroredStateFile?.();
  if (!file || !terraform.pushState) return undefined;
  const clock = deps.clock ?? systemClock;
  deps.logger.warning(
    `terraform could not save the state of ${target.envId} to ${target.stateKey}; pushing it again`,
  );
  let last: unknown;
  for (const [attempt, delay] of [0, ...RETRY_DELAYS_MS].entries()) {
    if (delay > 0) await clock.sleep(delay);
    try {
      const lease = await deps.state.readLease(target);
      if (lease) {
        if (!(await leftByThisRun(deps, target, lease, options))) {
          last = new Error(`the state is locked by someone else (lock ${lease.id})`);
          break;
        }
        await deps.state.breakLease(target, lease);
      }
      await terraform.pushState(file, { lockTimeoutMs: options.lockTimeoutMs });
      const note = `Pushed the state terraform could not save to ${target.stateKey} (attempt ${attempt + 1}); nothing it recorded is lost.`;
      deps.logger.warning(note);
      return note;
    } catch (error) {
      last = error;
      deps.logger.debug(
        `Pushing the saved state failed (attempt ${attempt + 1}): ${(error as Error).message}`,
      );
    }
  }
  const note = `terraform could not save the state of ${target.envId}, and pushing it again failed (${(last as Error)?.message ?? String(last)}). The state is in ${file} until this job ends: run \`terraform state push ${file}\` there, or it is lost.`;
  deps.logger.error(note);
  return note;
}

/** The lease terraform took for this run's command: taken since it started, with the record still naming this run. */
async function leftByThisRun(
  deps: LifecycleDeps,
  target: Target,
  lease: StateLease,
  options: RescueOptions,
): Promise<boolean> {
  const created = lease.created ? Date.parse(lease.created) : Number.NaN;
  if (!(created >= options.startedAt.getTime() - CLOCK_SKEW_MS)) return false;
  if (!options.run) return true;
  const record = await deps.state.readRecord(target);
  return record?.runId === options.run.id;
}
