import type { Catalog, EventContext, Target } from '@terrarium/core';
import { rescueErroredState } from './errored-state.js';
import { type FailureReason, failureReasonOf, LifecycleFailure } from './failure.js';
import {
  type BackupRef,
  type LifecycleDeps,
  type RunContext,
  StateLockedError,
  systemClock,
} from './ports.js';
import { courtesy, gitHubNotices, openTerraform, runUseCase, type UseCaseRun } from './run-setup.js';
import { checkTeardownAllowed } from './safety-gate.js';
import { clearStaleLease } from './stale-lease.js';

export interface TeardownRequest {
  catalog: Catalog;
  environment: string;
  instance?: string | undefined;
  event?: EventContext | undefined;
  workingDirectory?: string | undefined;
  /** The same `vars` the environment was provisioned with, so destroy sees the same configuration. */
  vars?: string | undefined;
  confirm?: string | undefined;
  allowLongLived?: boolean | undefined;
  lockTimeoutMs: number;
  comment?: boolean | undefined;
  deployment?: boolean | undefined;
  run?: RunContext | undefined;
  pollIntervalMs?: number | undefined;
  /** Destroy from a working copy of the root module, for teardowns of it that run at once (a sweep). */
  ownWorkingCopy?: boolean | undefined;
}

export interface TeardownResult {
  target: Target;
  /** `absent`: there was neither state nor record, so nothing to destroy. */
  outcome: 'destroyed' | 'absent';
  /** The state as it was before destroy. */
  backup: BackupRef | undefined;
  /** The final state, archived after destroy. */
  finalBackup: BackupRef | undefined;
  notes: string[];
}

/**
 * Destroys one environment instance and removes every trace of it but its backups:
 * gate, lease check, record `destroying`, backup, init, destroy, check the state is empty,
 * archive it, delete the state blob (with snapshots) and the record, deactivate the
 * deployments, update the comment. A failure deletes nothing and leaves the record
 * `teardown-failed` with the reason.
 */
export async function teardownEnvironment(
  deps: LifecycleDeps,
  request: TeardownRequest,
): Promise<TeardownResult> {
  return runUseCase(deps, request, checkTeardownAllowed, teardownResolved);
}

async function teardownResolved({
  deps,
  request,
  resolved,
  notes,
}: UseCaseRun<TeardownRequest>): Promise<TeardownResult> {
  const { target } = resolved;
  const { logger, state } = deps;
  const github = gitHubNotices(deps, target, request);
  const finished = async () => {
    await github.deactivateDeployments();
    await github.comment({ status: 'destroyed' });
  };
  const fail = async (reason: FailureReason, message: string, cause?: unknown): Promise<never> => {
    const failure =
      cause instanceof StateLockedError
        ? new LifecycleFailure('state-locked', cause.message, { cause })
        : cause instanceof LifecycleFailure
          ? cause
          : new LifecycleFailure(reason, message, { cause });
    await courtesy(deps, 'record the failure', async () => {
      await state.writeRecord(target, { status: 'teardown-failed', failureReason: failureReasonOf(failure) });
    });
    await github.comment({
      status: 'teardown-failed',
      failureReason: failure.reason,
      message: failure.message,
    });
    throw failure;
  };

  logger.info(`Tearing down ${target.envId} (state ${target.stateContainer}/${target.stateKey})`);
  const [hasState, record] = await Promise.all([state.stateExists(target), state.readRecord(target)]);
  if (!hasState && !record) {
    logger.info(`${target.envId} has no state and no record: nothing to destroy`);
    await finished();
    return { target, outcome: 'absent', backup: undefined, finalBackup: undefined, notes };
  }
  notes.push(...(await clearStaleLease(deps, target, request)));
  const begin = async () => {
    await state.writeRecord(target, {
      status: 'destroying',
      begin: true,
      lastRunId: request.run?.id,
      lastRunUrl: request.run?.url,
      failureReason: undefined,
    });
    await github.comment({ status: 'destroying' });
  };
  // Record, backup and init are independent; all must succeed before anything is destroyed.
  const [begun, backupResult, openResult] = await Promise.allSettled([
    begin(),
    state.backupState(target, 'pre-destroy'),
    openTerraform(deps, request.catalog, resolved, {
      workingDirectory: request.workingDirectory,
      lockTimeoutMs: request.lockTimeoutMs,
      initFailure: 'destroy-failed',
      ownWorkingCopy: request.ownWorkingCopy,
    }),
  ]);
  if (begun.status === 'rejected') {
    if (openResult.status === 'fulfilled') await openResult.value.workspace.dispose();
    throw begun.reason;
  }
  if (backupResult.status === 'rejected') {
    if (openResult.status === 'fulfilled') await openResult.value.workspace.dispose();
    const error = backupResult.reason as Error;
    return await fail('backup-failed', `Could not back up the state before destroy: ${error.message}`, error);
  }
  if (openResult.status === 'rejected') {
    const error = openResult.reason as Error;
    return await fail('destroy-failed', error.message, error);
  }
  const backup = backupResult.value;
  const opened = openResult.value;
  if (backup) notes.push(`Backup before destroy: ${backup.name}`);
  let finalBackup: BackupRef | undefined;
  try {
    const destroyStarted = (deps.clock ?? systemClock).now();
    await opened.terraform
      .destroy({ varFiles: opened.varFiles, lockTimeoutMs: request.lockTimeoutMs })
      .catch(async (error) => {
        const rescued = await rescueErroredState(deps, target, opened.terraform, error, {
          startedAt: destroyStarted,
          lockTimeoutMs: request.lockTimeoutMs,
        });
        if (rescued) notes.push(rescued);
        return fail('destroy-failed', `terraform destroy failed: ${(error as Error).message}`, error);
      });
    const left = await state.countResources(target);
    if (left > 0) {
      await fail(
        'destroy-incomplete',
        `terraform destroy finished but the state of ${target.envId} still holds ${left} resource(s); nothing was deleted. Look at the destroy log, fix the cause and run the teardown again.`,
      );
    }
    finalBackup = await state
      .backupState(target, 'final')
      .catch((error) =>
        fail('backup-failed', `Could not archive the final state: ${(error as Error).message}`, error),
      );
  } finally {
    await opened.workspace.dispose();
  }
  if (finalBackup) notes.push(`Final state archived: ${finalBackup.name}`);
  // Pruning is unrelated to this state's deletion: both at once. The record goes last, so a
  // teardown cut short here finds the record again and finishes the job.
  await Promise.all([
    courtesy(deps, 'prune old backups', async () => {
      const pruned = await state.pruneBackups(target);
      if (pruned > 0) logger.info(`Pruned ${pruned} backup(s) older than ${target.backupRetentionDays} days`);
    }),
    state.deleteState(target),
  ]);
  await state.deleteRecord(target);
  logger.info(`Destroyed ${target.envId}; state and record deleted, backups kept`);
  await finished();
  return { target, outcome: 'destroyed', backup, finalBackup, notes };
}
