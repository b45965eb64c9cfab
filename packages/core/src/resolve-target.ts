import { environmentContainerName, resourceGroupFor, slugFor } from './azure-names.js';
import type { Catalog } from './catalog-types.js';
import { MAX_DURATION_SECONDS } from './duration.js';
import { getEnvironment } from './environment-lookup.js';
import { ConfigurationError } from './errors.js';
import { resolveInstance } from './instance-name.js';
import { safeText } from './tag-values.js';
import type { ResolveRequest, Target } from './target-types.js';

/** Names one environment instance: state key and container, slug, resource group, tags, expiry, variables. */
export function resolveTarget(catalog: Catalog, request: ResolveRequest): Target {
  const env = getEnvironment(catalog, request.environment);
  const event = request.event;
  const instance = resolveInstance(catalog, env, request.instance, event);
  const envId = instance === undefined ? env.name : `${env.name}-${instance}`;
  const ephemeral = env.kind === 'ephemeral';
  const container = catalog.backend.container;
  const stateContainer =
    ephemeral && catalog.backend.ephemeralLayout === 'container-per-environment'
      ? environmentContainerName(container, envId)
      : container;
  const stateKey =
    instance === undefined ? `${env.name}/terraform.tfstate` : `${env.name}/${instance}/terraform.tfstate`;
  if (ephemeral && request.ttlSeconds !== undefined)
    checkTtlUnderBackstop(catalog, env.name, request.ttlSeconds);
  const expiresAt = ephemeral
    ? expiry(env.name, request.ttlSeconds ?? env.ttlSeconds, request.now)
    : undefined;
  if (!ephemeral && request.ttlSeconds !== undefined) {
    throw new ConfigurationError(
      `environment "${env.name}" is long-lived and does not expire; remove the ttl`,
    );
  }
  const branch = event?.branch ? safeText(event.branch) : undefined;
  const pullRequest = event?.pullRequest;
  const runId = event?.runId ? safeText(event.runId, 64) : undefined;
  const commit = event?.commit ? safeText(event.commit, 64) : undefined;
  const slug = slugFor(envId);

  // No run id among the tags: they land on every resource, and a value that changes on every
  // run would make every plan a change (no re-run could be a no-op, and no reviewed prod plan
  // could match its apply run). The run id lives in the record and the deployment instead.
  const tags: Record<string, string> = {
    'managed-by': 'terrarium',
    'terrarium-env-id': envId,
    'terrarium-environment': env.name,
    'terrarium-kind': env.kind,
  };
  const optional: [string, string | undefined][] = [
    ['terrarium-instance', instance],
    ['terrarium-expires-at', expiresAt],
    ['terrarium-pr', pullRequest === undefined ? undefined : String(pullRequest)],
    ['terrarium-branch', branch],
    ['terrarium-commit', commit],
    ['terrarium-repository', event?.repository ? safeText(event.repository) : undefined],
  ];
  for (const [name, value] of optional) if (value !== undefined) tags[name] = value;

  return {
    environment: env.name,
    kind: env.kind,
    safety: env.safety,
    instance,
    envId,
    storageAccount: catalog.backend.storageAccount,
    stateContainer,
    stateKey,
    stateTier: env.stateTier,
    backupRetentionDays: env.backupRetentionDays,
    slug,
    resourceGroup: resourceGroupFor(slug),
    tags,
    expiresAt,
    branch,
    pullRequest,
    runId,
    commit,
    variables: {
      environment: env.name,
      environment_id: envId,
      instance: instance ?? null,
      branch: branch ?? null,
      pr_number: pullRequest === undefined ? null : String(pullRequest),
      expires_at: expiresAt ?? null,
      tags: { ...tags },
    },
  };
}

/**
 * The storage account deletes an ephemeral state untouched for delete-ephemeral-state-after-days;
 * Terrarium touches the state whenever it sets an expiry, so a ttl shorter than that is what keeps
 * the backstop off every live environment. The catalog's own ttls are checked where they are read.
 */
function checkTtlUnderBackstop(catalog: Catalog, environment: string, ttlSeconds: number): void {
  const days = catalog.lifecycle.deleteEphemeralStateAfterDays;
  if (!(ttlSeconds >= days * 86_400)) return;
  throw new ConfigurationError(
    `the ttl given for "${environment}" (${describeSeconds(ttlSeconds)}) is not shorter than lifecycle.delete-ephemeral-state-after-days (${days} days), so the storage account could delete the state of a live environment; give a ttl under ${days}d, or raise lifecycle.delete-ephemeral-state-after-days here`,
    catalog.lifecycle.deleteEphemeralStateAfterDaysAt ?? { file: catalog.file },
  );
}

function describeSeconds(seconds: number): string {
  const days = seconds / 86_400;
  return Number.isInteger(days) ? `${days} days` : `${Math.round(seconds / 3600)} hours`;
}

function expiry(environment: string, ttlSeconds: number | undefined, now: Date | undefined): string {
  if (
    ttlSeconds === undefined ||
    !Number.isFinite(ttlSeconds) ||
    ttlSeconds <= 0 ||
    ttlSeconds > MAX_DURATION_SECONDS
  ) {
    throw new ConfigurationError(
      `ttl for "${environment}" must be a positive number of seconds up to ten years; got ${String(ttlSeconds)} (write it like 72h, 3d or 90m)`,
    );
  }
  const start = now ?? new Date();
  if (Number.isNaN(start.getTime()))
    throw new ConfigurationError('the clock given to resolveTarget is not a valid date');
  return new Date(start.getTime() + Math.round(ttlSeconds) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
