import {
  type Catalog,
  ConfigurationError,
  type EnvironmentRecord,
  type EventContext,
  type PlanSummary,
  type Target,
} from '@terrarium/core';
import { rescueErroredState } from './errored-state.js';
import { failureReasonOf, LifecycleFailure, RefusedError } from './failure.js';
import { planHash, sameHash } from './plan-hash.js';
import {
  type BackupRef,
  type LifecycleDeps,
  type RunContext,
  StateLockedError,
  systemClock,
} from './ports.js';
import {
  courtesy,
  gitHubNotices,
  openTerraform,
  runUseCase,
  type UseCaseRun,
  type ViewMoment,
} from './run-setup.js';
import { checkProvisionAllowed } from './safety-gate.js';
import { clearStaleLease } from './stale-lease.js';
import { renewedExpiry } from './state-renewal.js';

export interface ProvisionRequest {
  catalog: Catalog;
  environment: string;
  instance?: string | undefined;
  event?: EventContext | undefined;
  ttlSeconds?: number | undefined;
  /** Root module to run instead of the catalog's. */
  workingDirectory?: string | undefined;
  /** The `vars` input: a JSON object of extra terraform variables. */
  vars?: string | undefined;
  confirm?: string | undefined;
  planOnly?: boolean | undefined;
  /** For `maximum` safety: the hash a plan-only run published. */
  planHash?: string | undefined;
  lockTimeoutMs: number;
  comment?: boolean | undefined;
  deployment?: boolean | undefined;
  run?: RunContext | undefined;
  pollIntervalMs?: number | undefined;
}

export interface ProvisionResult {
  target: Target;
  /** `planned`: plan-only run; `unchanged`: terraform found nothing to do; `applied`. */
  outcome: 'planned' | 'unchanged' | 'applied';
  changed: boolean;
  plan: PlanSummary;
  planHash: string;
  url: string | undefined;
  /** Non-sensitive outputs only. */
  outputs: Record<string, unknown>;
  backup: BackupRef | undefined;
  notes: string[];
}

/**
 * Brings one environment instance to the state its root module describes: resolve, gate,
 * lease check, record, init, plan, (backup), apply, outputs, record, deployment, comment.
 * Re-runs for the same instance reuse the same key, record and comment.
 */
export async function provisionEnvironment(
  deps: LifecycleDeps,
  request: ProvisionRequest,
): Promise<ProvisionResult> {
  return runUseCase(deps, request, checkProvisionAllowed, provisionResolved);
}

async function provisionResolved({
  deps,
  request,
  resolved,
  notes,
}: UseCaseRun<ProvisionRequest>): Promise<ProvisionResult> {
  const { target } = resolved;
  const planOnly = request.planOnly === true;
  // A plan-only run changes nothing: it is no deployment.
  const github = gitHubNotices(deps, target, {
    ...request,
    deployment: request.deployment !== false && !planOnly,
  });
  const { logger, state } = deps;

  let previous: EnvironmentRecord | undefined;
  const fail = async (error: unknown): Promise<never> => {
    const failure = asFailure(error, 'plan-failed');
    if (!planOnly) {
      await courtesy(deps, 'record the failure', async () => {
        // A refusal changed nothing, so the environment keeps the status it had.
        const status = failure instanceof RefusedError && previous ? previous.status : 'provisioning';
        await state.writeRecord(target, { status, failureReason: failureReasonOf(failure) });
      });
      const failed: ViewMoment = {
        status: 'failed',
        failureReason: failureReasonOf(failure),
        message: failure.message,
      };
      await github.deployment(failed);
      await github.comment(failed);
    }
    throw failure;
  };

  logger.info(
    `Provisioning ${target.envId} (state ${target.stateContainer}/${target.stateKey}, ${target.safety} safety)`,
  );
  await state.ensureContainer(target);
  notes.push(...(await clearStaleLease(deps, target, request)));
  previous = planOnly ? undefined : await state.readRecord(target);
  // The record, deployment and comment say "provisioning" while terraform init runs: they are
  // independent, and both must be done before the plan.
  const begin = async () => {
    if (planOnly) return;
    const expiresAt =
      target.kind === 'ephemeral'
        ? await renewedExpiry(deps, request.catalog, target, target.expiresAt)
        : undefined;
    await state.writeRecord(target, {
      status: 'provisioning',
      begin: true,
      lastRunId: request.run?.id,
      lastRunUrl: request.run?.url,
      expiresAt,
      failureReason: undefined,
    });
    await github.deployment({ status: 'provisioning' });
    await github.comment({ status: 'provisioning' });
  };
  const [begun, openedResult] = await Promise.allSettled([
    begin(),
    openTerraform(deps, request.catalog, resolved, {
      workingDirectory: request.workingDirectory,
      lockTimeoutMs: request.lockTimeoutMs,
      initFailure: 'plan-failed',
    }),
  ]);
  if (begun.status === 'rejected') {
    if (openedResult.status === 'fulfilled') await openedResult.value.workspace.dispose();
    throw begun.reason;
  }
  if (openedResult.status === 'rejected') return await fail(openedResult.reason);
  const opened = openedResult.value;

  try {
    const { terraform, workspace, varFiles } = opened;
    const planned = await terraform
      .plan({ out: workspace.planFile, varFiles, lockTimeoutMs: request.lockTimeoutMs })
      .catch((error) => fail(asFailure(error, 'plan-failed', 'terraform plan failed')));
    const report = await terraform.showPlan(workspace.planFile).catch((error) => fail(error));
    const hash = planHash(report.json);
    const plan = report.summary;
    logger.info(
      `Plan for ${target.envId}: ${plan.add} to add, ${plan.change} to change, ${plan.destroy} to destroy, ${plan.replace} to replace (${hash})`,
    );

    if (planOnly) {
      await github.comment({ status: 'planned', planSummary: plan, planHash: hash });
      return {
        target,
        outcome: 'planned',
        changed: planned.changed,
        plan,
        planHash: hash,
        url: undefined,
        outputs: {},
        backup: undefined,
        notes,
      };
    }
    if (target.safety === 'maximum' && !sameHash(hash, request.planHash ?? '')) {
      return await fail(
        new RefusedError(
          'plan-changed',
          `The plan for ${target.envId} is not the reviewed one: it hashes to ${hash}, the \`plan-hash\` input says ${request.planHash}. Something changed since the review; run plan-only again and review the new plan.`,
        ),
      );
    }

    let backup: BackupRef | undefined;
    if (planned.changed) {
      if (target.safety !== 'basic') {
        backup = await state
          .backupState(target, 'pre-apply')
          .catch((error) =>
            fail(
              new LifecycleFailure(
                'backup-failed',
                `Could not back up the state before apply: ${(error as Error).message}`,
                { cause: error },
              ),
            ),
          );
        if (backup) {
          logger.info(`Backed up the state of ${target.envId} to ${backup.name}`);
          notes.push(`Backup before apply: ${backup.name}`);
          await courtesy(deps, 'prune old backups', async () => {
            await state.pruneBackups(target);
          });
        }
      }
      const applyStarted = (deps.clock ?? systemClock).now();
      await terraform
        .apply(workspace.planFile, { lockTimeoutMs: request.lockTimeoutMs })
        .catch(async (error) => {
          const rescued = await rescueErroredState(deps, target, terraform, error, {
            startedAt: applyStarted,
            lockTimeoutMs: request.lockTimeoutMs,
          });
          if (rescued) notes.push(rescued);
          return fail(asFailure(error, 'apply-failed', 'terraform apply failed'));
        });
    } else {
      logger.info(`No changes for ${target.envId}; apply skipped`);
    }

    const outputs = await terraform
      .outputs()
      .catch((error) => fail(asFailure(error, 'apply-failed', 'terraform output failed')));
    const url = typeof outputs.environment_url === 'string' ? outputs.environment_url : undefined;
    // Terraform has written the state and let go of its lease: renew it (the backstop's days, its
    // tag and tier, which an overwrite drops). Should that fail, the expiry begin wrote stands.
    const expiresAt = await renewedExpiry(deps, request.catalog, target, target.expiresAt).catch(
      (error: unknown) => {
        logger.warning(
          `Could not renew the state of ${target.envId} after apply (${(error as Error).message}); its expiry stays as it was.`,
        );
        return undefined;
      },
    );
    const readyChange = {
      status: 'ready' as const,
      lastRunId: request.run?.id,
      lastRunUrl: request.run?.url,
      url,
      outputs,
      expiresAt,
      failureReason: undefined,
    };
    await state.writeRecord(target, readyChange).catch(async (error: unknown) => {
      if (await state.readRecord(target)) throw error;
      // A teardown removed the record while this run was applying: what this run created must be
      // on the books again, or the sweeper (which finds environments by their records) never sees it.
      logger.warning(
        `The record of ${target.envId} was removed during this run (a teardown?); writing it again.`,
      );
      await state.writeRecord(target, {
        status: 'provisioning',
        begin: true,
        lastRunId: request.run?.id,
        lastRunUrl: request.run?.url,
      });
      await state.writeRecord(target, readyChange);
    });
    const ready: ViewMoment = { status: 'ready', url, planSummary: plan, planHash: hash };
    await github.deployment(ready);
    await github.comment(ready);
    return {
      target,
      outcome: planned.changed ? 'applied' : 'unchanged',
      changed: planned.changed,
      plan,
      planHash: hash,
      url,
      outputs,
      backup,
      notes,
    };
  } finally {
    await opened.workspace.dispose();
  }
}

/** Keeps lifecycle failures and refusals as they are; a lock conflict is `state-locked`; the rest gets `reason`. */
function asFailure(error: unknown, reason: 'plan-failed' | 'apply-failed', what?: string): Error {
  if (error instanceof LifecycleFailure || error instanceof ConfigurationError) return error;
  if (error instanceof StateLockedError)
    return new LifecycleFailure('state-locked', error.message, { cause: error });
  const message = (error as Error)?.message ?? String(error);
  return new LifecycleFailure(reason, what ? `${what}: ${message}` : message, { cause: error });
}
