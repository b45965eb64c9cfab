import type { Catalog, EnvironmentSpec } from '@terrarium/core';
import { BACKUPS_PREFIX } from '../backups/backup-naming.js';

/** One container the lifecycle policy covers, and what of the catalog lives in it. */
export interface PolicyScope {
  container: string;
  /** Before every state key, record and backup name in the container ('' when none). */
  keyPrefix: string;
  /** Environments whose states live here. */
  states: readonly EnvironmentSpec[];
  /** Environments whose records and backups live here. */
  backups: readonly EnvironmentSpec[];
}

/**
 * The containers of a catalog as the policy sees them. Today one container holds every record
 * and backup and every state but those of ephemeral environments in containers of their own
 * (deleted whole at teardown, so no rule needs them); a catalog with tiers gives one scope per
 * tier container.
 */
export function policyScopes(catalog: Catalog): PolicyScope[] {
  const shared = catalog.backend.ephemeralLayout === 'shared-container';
  return [
    {
      container: catalog.backend.container,
      keyPrefix: '',
      states: catalog.environments.filter((env) => env.kind === 'long-lived' || shared),
      backups: catalog.environments,
    },
  ];
}

/** `<container>/<key prefix>`: where a scope's blobs start, as a rule's prefixMatch says it. */
export const scopePrefix = (scope: PolicyScope): string => `${scope.container}/${scope.keyPrefix}`;

/** The folder of an environment's states (one per instance below it, for ephemeral ones). */
export const stateFolderPrefix = (scope: PolicyScope, env: EnvironmentSpec): string =>
  `${scopePrefix(scope)}${env.name}/`;

export const backupsPrefix = (scope: PolicyScope): string => `${scopePrefix(scope)}${BACKUPS_PREFIX}`;

/**
 * The backups of one environment: `backups/<name>/` for a long-lived one, `backups/<name>-` for
 * the instances of an ephemeral one (env ids `<name>-<instance>`; the catalog refuses another
 * environment whose name starts with `<name>-`).
 */
export const environmentBackupsPrefix = (scope: PolicyScope, env: EnvironmentSpec): string =>
  `${backupsPrefix(scope)}${env.name}${env.kind === 'ephemeral' ? '-' : '/'}`;
