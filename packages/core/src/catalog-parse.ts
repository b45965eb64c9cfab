import { resolve } from 'node:path';
import {
  DEFAULT_CONTAINER,
  DEFAULT_LIFECYCLE,
  defaultBackupRetentionDays,
  defaultSafety,
  RESERVED_VARIABLES,
} from './catalog-defaults.js';
import { validateCatalogSchema } from './catalog-schema.js';
import type {
  AccessTier,
  BackendSpec,
  Catalog,
  EnvironmentKind,
  EnvironmentSpec,
  EphemeralLayout,
  LifecycleSpec,
  SafetyLevel,
  TerraformBinary,
} from './catalog-types.js';
import { parseDuration } from './duration.js';
import { ConfigurationError, errorMessage } from './errors.js';
import { parseYamlSource, type YamlSource } from './yaml-source.js';

type Raw = Record<string, unknown>;

/**
 * Parses and validates a catalog. `file` names the source in messages (`environments.yaml:12:10: ...`)
 * and, resolved, becomes `Catalog.file`. Every mistake is a ConfigurationError saying what to change.
 */
export function parseCatalog(text: string, file: string): Catalog {
  const source = parseYamlSource(text, file);
  validateCatalogSchema(source);
  const raw = source.value;
  const backendRaw = raw.backend as Raw;
  const terraformRaw = raw.terraform as Raw;
  const lifecycle = toLifecycle((raw.lifecycle ?? {}) as Raw, source);
  const environments = Object.entries(raw.environments as Record<string, Raw>).map(([name, env]) =>
    toEnvironment(name, env, source),
  );
  checkEnvironments(environments, lifecycle, source);
  const backend: BackendSpec = {
    storageAccount: backendRaw['storage-account'] as string,
    resourceGroup: backendRaw['resource-group'] as string | undefined,
    subscriptionId: backendRaw['subscription-id'] as string | undefined,
    container: (backendRaw.container as string | undefined) ?? DEFAULT_CONTAINER,
    ephemeralLayout: (backendRaw['ephemeral-layout'] as EphemeralLayout | undefined) ?? 'shared-container',
  };
  return {
    file: resolve(file),
    version: 1,
    backend,
    terraform: {
      rootModule: terraformRaw['root-module'] as string,
      binary: (terraformRaw.binary as TerraformBinary | undefined) ?? 'terraform',
    },
    lifecycle,
    environments,
  };
}

function toLifecycle(raw: Raw, source: YamlSource): LifecycleSpec {
  const lifecycle: LifecycleSpec = {
    versionsToCoolAfterDays:
      (raw['versions-to-cool-after-days'] as number | undefined) ?? DEFAULT_LIFECYCLE.versionsToCoolAfterDays,
    deleteVersionsAfterDays:
      (raw['delete-versions-after-days'] as number | undefined) ?? DEFAULT_LIFECYCLE.deleteVersionsAfterDays,
    backupsToColdAfterDays:
      (raw['backups-to-cold-after-days'] as number | undefined) ?? DEFAULT_LIFECYCLE.backupsToColdAfterDays,
    deleteEphemeralStateAfterDays:
      (raw['delete-ephemeral-state-after-days'] as number | undefined) ??
      DEFAULT_LIFECYCLE.deleteEphemeralStateAfterDays,
    // Where it is set; when it is the default, the file (the nearest parent would point at nothing useful).
    deleteEphemeralStateAfterDaysAt:
      raw['delete-ephemeral-state-after-days'] === undefined
        ? { file: source.file }
        : source.locate(['lifecycle', 'delete-ephemeral-state-after-days']),
    deleteSloHistoryAfterDays:
      (raw['delete-slo-history-after-days'] as number | undefined) ??
      DEFAULT_LIFECYCLE.deleteSloHistoryAfterDays,
  };
  if (lifecycle.deleteVersionsAfterDays <= lifecycle.versionsToCoolAfterDays) {
    throw new ConfigurationError(
      `lifecycle.delete-versions-after-days (${lifecycle.deleteVersionsAfterDays}) must be later than versions-to-cool-after-days (${lifecycle.versionsToCoolAfterDays}); raise it or lower the other`,
      source.locate(['lifecycle', 'delete-versions-after-days']),
    );
  }
  return lifecycle;
}

function toEnvironment(name: string, raw: Raw, source: YamlSource): EnvironmentSpec {
  const at = (key: string) => source.locate(['environments', name, key]);
  const kind = raw.kind as EnvironmentKind;
  const ephemeral = kind === 'ephemeral';
  let ttlSeconds: number | undefined;
  if (ephemeral) {
    if (raw.ttl === undefined) {
      throw new ConfigurationError(
        `environments.${name} is ephemeral but has no ttl; add one, e.g. ttl: 72h, so forgotten instances are swept`,
        source.locate(['environments', name]),
      );
    }
    try {
      ttlSeconds = parseDuration(raw.ttl as string);
    } catch (error) {
      throw new ConfigurationError(`environments.${name}.ttl: ${errorMessage(error)}`, at('ttl'));
    }
  } else if (raw.ttl !== undefined) {
    throw new ConfigurationError(
      `environments.${name}.ttl: a long-lived environment does not expire; remove ttl or make it kind: ephemeral`,
      source.locate(['environments', name, 'ttl'], 'key'),
    );
  }
  const safety = (raw.safety as SafetyLevel | undefined) ?? defaultSafety(name, ephemeral);
  if (ephemeral && safety === 'maximum') {
    throw new ConfigurationError(
      `environments.${name}.safety: maximum safety (typed confirmation, mandatory backup) is for long-lived environments; an ephemeral one is created and destroyed unattended, so use basic or enhanced`,
      at('safety'),
    );
  }
  const variables = (raw.variables ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(variables)) {
    if (RESERVED_VARIABLES.includes(key)) {
      throw new ConfigurationError(
        `environments.${name}.variables.${key}: Terrarium sets the "${key}" variable itself; remove it (or rename your variable)`,
        source.locate(['environments', name, 'variables', key], 'key'),
      );
    }
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) {
      throw new ConfigurationError(
        `environments.${name}.variables: "${key}" is not a Terraform variable name; use letters, digits, underscores and hyphens, starting with a letter or underscore`,
        source.locate(['environments', name, 'variables', key], 'key'),
      );
    }
  }
  return {
    name,
    kind,
    description: raw.description as string | undefined,
    safety,
    varFiles: [...((raw['var-files'] as string[] | undefined) ?? [])],
    variables,
    ttlSeconds,
    scaling: (raw.scaling ?? {}) as Record<string, number | string | boolean>,
    stateTier: (raw['state-tier'] as AccessTier | undefined) ?? 'Hot',
    backupRetentionDays:
      (raw['backup-retention-days'] as number | undefined) ?? defaultBackupRetentionDays(name),
  };
}

function checkEnvironments(
  environments: EnvironmentSpec[],
  lifecycle: LifecycleSpec,
  source: YamlSource,
): void {
  const backstopSeconds = lifecycle.deleteEphemeralStateAfterDays * 86_400;
  for (const env of environments) {
    if (env.ttlSeconds !== undefined && env.ttlSeconds >= backstopSeconds) {
      throw new ConfigurationError(
        `environments.${env.name}.ttl is as long as or longer than lifecycle.delete-ephemeral-state-after-days (${lifecycle.deleteEphemeralStateAfterDays} days), so the storage account could delete the state of a live environment; shorten the ttl or raise the backstop`,
        source.locate(['environments', env.name, 'ttl']),
      );
    }
    // `feat` with instance `x` is named `feat-x`: an environment already called that would share its names.
    const shadowed = environments.find(
      (other) => other.kind === 'ephemeral' && other !== env && env.name.startsWith(`${other.name}-`),
    );
    if (shadowed) {
      throw new ConfigurationError(
        `environments.${env.name}: the name starts with "${shadowed.name}-", so it would clash with instances of the ephemeral environment "${shadowed.name}" (named ${shadowed.name}-<instance>); rename one of them`,
        source.locate(['environments', env.name], 'key'),
      );
    }
  }
}
