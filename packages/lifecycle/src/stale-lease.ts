import type { Target } from '@terrarium/core';
import { LifecycleFailure } from './failure.js';
import { type Clock, type LifecycleDeps, type RunContext, type StateLease, systemClock } from './ports.js';

export interface LeaseWaitOptions {
  run?: RunContext | undefined;
  lockTimeoutMs: number;
  /** How often to look again while waiting; 5 s unless a test wants faster. */
  pollIntervalMs?: number | undefined;
}

/**
 * Before init: makes sure the state is not leased, or waits for it. A lease whose holder is
 * a workflow run that has finished (its record names the run; GitHub says `completed`) can
 * never be released by its owner, so it is broken and said so; the same for an earlier
 * attempt of this very run. Any other lease is waited for, up to the lock timeout, and then
 * the run fails with `state-locked` and the holder's details.
 * Returns notes for the job summary.
 */
export async function clearStaleLease(
  deps: LifecycleDeps,
  target: Target,
  options: LeaseWaitOptions,
): Promise<string[]> {
  const clock: Clock = deps.clock ?? systemClock;
  const notes: string[] = [];
  const deadline = clock.now().getTime() + options.lockTimeoutMs;
  const poll = options.pollIntervalMs ?? 5000;
  let announced = false;
  for (;;) {
    const lease = await deps.state.readLease(target);
    if (!lease) return notes;
    const holderRunId = await holderRun(deps, target);
    if (holderRunId !== undefined) {
      const ownEarlierAttempt = options.run?.id === holderRunId;
      const runState = ownEarlierAttempt ? 'completed' : await runStateOf(deps, holderRunId);
      if (runState === 'completed') {
        await deps.state.breakLease(target, lease);
        const note = `Broke the stale lease on ${target.stateKey} (${describeLease(lease)}): its holder, workflow run ${holderRunId}, ${ownEarlierAttempt ? 'was an earlier attempt of this run' : 'has finished'}.`;
        deps.logger.warning(note);
        notes.push(note);
        continue;
      }
    }
    const now = clock.now().getTime();
    if (now >= deadline) {
      throw new LifecycleFailure(
        'state-locked',
        `The state ${target.stateKey} is locked (${describeLease(lease)}${holderRunId ? `, workflow run ${holderRunId} still running` : ''}) and was not released within the lock timeout of ${Math.round(options.lockTimeoutMs / 1000)} s. Wait for that run, or raise \`lock-timeout\`; if no one holds it, \`terrarium unlock\` releases it.`,
      );
    }
    if (!announced) {
      deps.logger.info(
        `The state ${target.stateKey} is locked (${describeLease(lease)}); waiting up to ${Math.round((deadline - now) / 1000)} s.`,
      );
      announced = true;
    }
    await clock.sleep(Math.min(poll, deadline - now));
  }
}

export function describeLease(lease: StateLease): string {
  const parts = [`lock ${lease.id}`];
  if (lease.operation) parts.push(`operation ${lease.operation}`);
  if (lease.who) parts.push(`by ${lease.who}`);
  if (lease.created) parts.push(`since ${lease.created}`);
  return parts.join(', ');
}

/**
 * The run that was working on the environment when the lease was taken, if the record says so.
 * A teardown that failed names its run too: its terraform may have taken the lease as storage
 * dropped and never released it (a failed provision stays `provisioning`, so it is covered already).
 */
async function holderRun(deps: LifecycleDeps, target: Target): Promise<string | undefined> {
  const record = await deps.state.readRecord(target);
  if (!record || !HOLDING_STATUSES.has(record.status)) return undefined;
  return record.lastRunId;
}

const HOLDING_STATUSES: ReadonlySet<string> = new Set(['provisioning', 'destroying', 'teardown-failed']);

async function runStateOf(deps: LifecycleDeps, runId: string) {
  if (!deps.github) return 'unknown';
  try {
    return await deps.github.workflowRunState(runId);
  } catch (error) {
    deps.logger.warning(`Could not read workflow run ${runId}: ${(error as Error).message}`);
    return 'unknown';
  }
}
