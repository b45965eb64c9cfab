import { type Catalog, resolveTarget } from '@terrarium/core';
import { mapBounded } from './bounded-pool.js';
import { failureReasonOf } from './failure.js';
import {
  type KnownListedRecord,
  type LifecycleDeps,
  type PullRequestInfo,
  type RunContext,
  systemClock,
} from './ports.js';
import { renewedExpiry } from './state-renewal.js';
import { teardownEnvironment } from './teardown.js';

export const DEFAULT_SWEEP_CONCURRENCY = 4;
export const DEFAULT_KEEP_LABEL = 'keep-env';
/** A GitHub-hosted job cannot run longer than 6 hours, so a run older than that is gone. */
export const DEFAULT_STUCK_AFTER_MS = 6 * 3600_000;
export const ENV_ID_TAG = 'terrarium-env-id';

export interface SweepRequest {
  catalog: Catalog;
  dryRun?: boolean | undefined;
  concurrency?: number | undefined;
  /** A pull request with this label keeps its environment past expiry (the expiry is extended). */
  keepLabel?: string | undefined;
  /** How long a record may sit in `provisioning` or `destroying` before it counts as abandoned. */
  stuckAfterMs?: number | undefined;
  /** List resource groups tagged by Terrarium that no record owns... */
  listOrphanResourceGroups?: boolean | undefined;
  /** ...and delete them. */
  deleteOrphanResourceGroups?: boolean | undefined;
  workingDirectory?: string | undefined;
  lockTimeoutMs: number;
  comment?: boolean | undefined;
  deployment?: boolean | undefined;
  run?: RunContext | undefined;
  pollIntervalMs?: number | undefined;
}

export type SweepReason = 'expired' | 'pull-request-closed' | 'stuck-provisioning' | 'stuck-destroying';

export interface SweepItem {
  envId: string;
  environment: string;
  instance: string | undefined;
  reason: SweepReason;
  result: 'destroyed' | 'absent' | 'failed' | 'would-destroy' | 'extended' | 'would-extend';
  failureReason?: string | undefined;
  message?: string | undefined;
  /** For `extended`: the new expiry. */
  expiresAt?: string | undefined;
}

export interface OrphanGroup {
  name: string;
  envId: string;
  result: 'listed' | 'deleted' | 'would-delete' | 'failed';
  message?: string | undefined;
}

export interface SweepResult {
  dryRun: boolean;
  /** How many records the listing found. */
  examined: number;
  items: SweepItem[];
  destroyed: string[];
  failed: string[];
  orphans: OrphanGroup[];
}

/**
 * The backstop for ephemeral environments: tears down those whose expiry passed, whose pull
 * request is closed or merged (GitHub sends no `closed` event a workflow can rely on while a
 * PR has conflicts), or that a dead run left in `provisioning`/`destroying`. Never a
 * long-lived environment, whatever its record says: the catalog decides.
 */
export async function sweepEnvironments(deps: LifecycleDeps, request: SweepRequest): Promise<SweepResult> {
  const { logger, state } = deps;
  const clock = deps.clock ?? systemClock;
  const now = clock.now();
  const dryRun = request.dryRun === true;
  const keepLabel = request.keepLabel ?? DEFAULT_KEEP_LABEL;
  const stuckAfterMs = request.stuckAfterMs ?? DEFAULT_STUCK_AFTER_MS;
  const ephemeral = new Map(
    request.catalog.environments.filter((env) => env.kind === 'ephemeral').map((env) => [env.name, env]),
  );

  const records = await state.listRecords(request.catalog.backend.container);
  logger.info(`Sweep: ${records.length} environment record(s) in ${request.catalog.backend.container}`);
  const candidates = records.filter((record) => {
    if (ephemeral.has(record.environment) && record.kind !== 'long-lived') return true;
    logger.debug(`Sweep: ${record.envId} is not an ephemeral environment of this catalog; left alone`);
    return false;
  });
  const withPulls = candidates.some((record) => record.pullRequest !== undefined);
  const open = withPulls ? await openPullRequests(deps) : undefined;

  const due: { record: KnownListedRecord; reason: SweepReason }[] = [];
  const items: SweepItem[] = [];
  for (const record of candidates) {
    const reason = sweepReason(record, now, stuckAfterMs, open);
    if (!reason) continue;
    const pull = record.pullRequest !== undefined ? open?.get(record.pullRequest) : undefined;
    if (reason === 'expired' && pull?.labels.includes(keepLabel)) {
      const ttlSeconds = ephemeral.get(record.environment)?.ttlSeconds ?? 0;
      let expiresAt = new Date(now.getTime() + ttlSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      if (!dryRun) {
        // The state is touched with the extension, or the storage backstop would count its days from the last apply.
        const target = targetOf(request, record);
        expiresAt = (await renewedExpiry(deps, request.catalog, target, expiresAt)) ?? expiresAt;
        await state.writeRecord(target, { status: record.status, expiresAt });
      }
      logger.info(
        `Sweep: ${record.envId} is expired but PR #${pull.number} has "${keepLabel}"; expiry extended to ${expiresAt}`,
      );
      items.push({ ...identity(record), reason, result: dryRun ? 'would-extend' : 'extended', expiresAt });
      continue;
    }
    due.push({ record, reason });
  }

  const torn = await mapBounded(
    due,
    request.concurrency ?? DEFAULT_SWEEP_CONCURRENCY,
    async ({ record, reason }) => {
      if (dryRun) {
        logger.info(`Sweep (dry run): would tear down ${record.envId} (${reason})`);
        return { ...identity(record), reason, result: 'would-destroy' } satisfies SweepItem;
      }
      logger.info(`Sweep: tearing down ${record.envId} (${reason})`);
      try {
        const result = await teardownEnvironment(deps, {
          catalog: request.catalog,
          environment: record.environment,
          instance: record.instance,
          event: { pullRequest: record.pullRequest },
          workingDirectory: request.workingDirectory,
          lockTimeoutMs: request.lockTimeoutMs,
          comment: request.comment,
          deployment: request.deployment,
          run: request.run,
          pollIntervalMs: request.pollIntervalMs,
          // Teardowns side by side share the root module: each destroys from its own working copy.
          ownWorkingCopy: (request.concurrency ?? DEFAULT_SWEEP_CONCURRENCY) > 1,
        });
        return { ...identity(record), reason, result: result.outcome } satisfies SweepItem;
      } catch (error) {
        logger.error(`Sweep: tearing down ${record.envId} failed: ${(error as Error).message}`);
        return {
          ...identity(record),
          reason,
          result: 'failed',
          failureReason: failureReasonOf(error),
          message: (error as Error).message,
        } satisfies SweepItem;
      }
    },
  );
  items.push(...torn);

  const orphans = await sweepOrphans(deps, request, records, dryRun);
  return {
    dryRun,
    examined: records.length,
    items,
    destroyed: items
      .filter((item) => item.result === 'destroyed' || item.result === 'absent')
      .map((item) => item.envId),
    failed: items.filter((item) => item.result === 'failed').map((item) => item.envId),
    orphans,
  };
}

/**
 * Open pull requests by number, or undefined when GitHub cannot say: the sweep then goes by
 * expiry alone rather than failing, since it is the backstop that must keep running.
 */
async function openPullRequests(deps: LifecycleDeps): Promise<Map<number, PullRequestInfo> | undefined> {
  if (!deps.github) return undefined;
  try {
    return new Map((await deps.github.openPullRequests()).map((pr) => [pr.number, pr]));
  } catch (error) {
    deps.logger.warning(
      `Sweep: could not list open pull requests (${(error as Error).message}); going by expiry alone this time.`,
    );
    return undefined;
  }
}

function sweepReason(
  record: KnownListedRecord,
  now: Date,
  stuckAfterMs: number,
  open: Map<number, unknown> | undefined,
): SweepReason | undefined {
  if (record.pullRequest !== undefined && open !== undefined && !open.has(record.pullRequest))
    return 'pull-request-closed';
  if (record.expiresAt !== undefined && Date.parse(record.expiresAt) <= now.getTime()) return 'expired';
  const idleMs = now.getTime() - (record.lastModified?.getTime() ?? 0);
  if (record.status === 'provisioning' && idleMs > stuckAfterMs) return 'stuck-provisioning';
  if (record.status === 'destroying' && idleMs > stuckAfterMs) return 'stuck-destroying';
  return undefined;
}

function identity(record: KnownListedRecord) {
  return { envId: record.envId, environment: record.environment, instance: record.instance };
}

function targetOf(request: SweepRequest, record: KnownListedRecord) {
  return resolveTarget(request.catalog, {
    environment: record.environment,
    instance: record.instance,
    event: { pullRequest: record.pullRequest },
  });
}

async function sweepOrphans(
  deps: LifecycleDeps,
  request: SweepRequest,
  records: KnownListedRecord[],
  dryRun: boolean,
): Promise<OrphanGroup[]> {
  const wanted = request.listOrphanResourceGroups || request.deleteOrphanResourceGroups;
  if (!wanted || !deps.resourceGroups) return [];
  const groups = deps.resourceGroups;
  const owned = new Set(records.map((record) => record.envId));
  // A long-lived environment may predate its record; its resource groups are never orphans.
  const longLived = new Set(
    request.catalog.environments.filter((env) => env.kind === 'long-lived').map((env) => env.name),
  );
  const orphans = (await groups.listTagged(ENV_ID_TAG)).filter(
    (group) => !owned.has(group.envId) && !longLived.has(group.envId),
  );
  return mapBounded(
    orphans,
    request.concurrency ?? DEFAULT_SWEEP_CONCURRENCY,
    async (group): Promise<OrphanGroup> => {
      if (!request.deleteOrphanResourceGroups) return { ...group, result: 'listed' };
      if (dryRun) return { ...group, result: 'would-delete' };
      try {
        await groups.delete(group.name);
        deps.logger.info(`Sweep: deleted orphan resource group ${group.name} (${ENV_ID_TAG}=${group.envId})`);
        return { ...group, result: 'deleted' };
      } catch (error) {
        deps.logger.error(
          `Sweep: could not delete resource group ${group.name}: ${(error as Error).message}`,
        );
        return { ...group, result: 'failed', message: (error as Error).message };
      }
    },
  );
}
