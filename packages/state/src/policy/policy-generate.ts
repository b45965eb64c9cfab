import type { ManagementPolicyBaseBlob, ManagementPolicyRule } from '@azure/arm-storage';
import type { Catalog, EnvironmentSpec } from '@terrarium/core';
import { BACKUPS_PREFIX } from '../backups/backup-naming.js';
import { BACKUP_RETENTION_TAG, BACKUP_TAG } from '../backups/backup-store.js';
import { sloHistoryRule } from '../history/slo-history-rule.js';
import type { ManagementPolicyDocument } from './policy-types.js';
import { POLICY_LIMITS } from './policy-types.js';
import { validateManagementPolicy } from './policy-validate.js';

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** One rule per chunk of at most 10 prefixes (Azure's limit), named `<base>`, `<base>-2`, ... */
function prefixRules(
  base: string,
  prefixes: string[],
  build: (prefixMatch: string[]) => ManagementPolicyRule['definition'],
): ManagementPolicyRule[] {
  return chunks(prefixes, POLICY_LIMITS.maxPrefixesPerRule).map((prefixMatch, i) => ({
    name: i === 0 ? base : `${base}-${i + 1}`,
    enabled: true,
    type: 'Lifecycle',
    definition: build(prefixMatch),
  }));
}

/** Backups are written Cool already; tierToCool catches any copied in by other means. */
function backupTiering(coldAfterDays: number, deleteAfterDays: number): ManagementPolicyBaseBlob {
  const actions: ManagementPolicyBaseBlob = { tierToCool: { daysAfterModificationGreaterThan: 0 } };
  if (coldAfterDays > 0 && coldAfterDays < deleteAfterDays)
    actions.tierToCold = { daysAfterModificationGreaterThan: coldAfterDays };
  actions.delete = { daysAfterModificationGreaterThan: deleteAfterDays };
  return actions;
}

function statePrefix(catalog: Catalog, env: EnvironmentSpec): string {
  return `${catalog.backend.container}/${env.name}/`;
}

/**
 * The storage account's lifecycle policy for a catalog:
 * - previous versions of anything in the container go Cool, then are deleted;
 * - snapshots of each environment's state are deleted after its backup retention;
 * - backups (tagged with their retention) go Cool, then Cold, then are deleted, one rule per
 *   retention, plus an untagged backstop at the longest retention;
 * - ephemeral states untouched for K days are deleted (shared-container layout; with one
 *   container per environment their names are not known ahead, and teardown deletes them);
 * - kept SLO reports go Cool, then are deleted (the history room's own rule).
 */
export function generateManagementPolicy(catalog: Catalog): ManagementPolicyDocument {
  const { container, ephemeralLayout } = catalog.backend;
  const life = catalog.lifecycle;
  const rules: ManagementPolicyRule[] = [];

  const version: NonNullable<ManagementPolicyRule['definition']['actions']['version']> = {};
  if (life.versionsToCoolAfterDays < life.deleteVersionsAfterDays)
    version.tierToCool = { daysAfterCreationGreaterThan: life.versionsToCoolAfterDays };
  version.delete = { daysAfterCreationGreaterThan: life.deleteVersionsAfterDays };
  rules.push({
    name: 'state-versions',
    enabled: true,
    type: 'Lifecycle',
    definition: {
      filters: { blobTypes: ['blockBlob'], prefixMatch: [`${container}/`] },
      actions: { version },
    },
  });

  const inMainContainer = catalog.environments.filter(
    (env) => env.kind === 'long-lived' || ephemeralLayout === 'shared-container',
  );
  const retentions = [...new Set(catalog.environments.map((env) => env.backupRetentionDays))].sort(
    (a, b) => a - b,
  );
  for (const days of retentions) {
    const prefixes = inMainContainer
      .filter((env) => env.backupRetentionDays === days)
      .map((env) => statePrefix(catalog, env));
    rules.push(
      ...prefixRules(`state-snapshots-${days}d`, prefixes, (prefixMatch) => ({
        filters: { blobTypes: ['blockBlob'], prefixMatch },
        actions: { snapshot: { delete: { daysAfterCreationGreaterThan: days } } },
      })),
    );
  }

  const backupsPrefix = `${container}/${BACKUPS_PREFIX}`;
  for (const days of retentions)
    rules.push({
      name: `backups-${days}d`,
      enabled: true,
      type: 'Lifecycle',
      definition: {
        filters: {
          blobTypes: ['blockBlob'],
          prefixMatch: [backupsPrefix],
          blobIndexMatch: [
            { name: BACKUP_TAG.name, op: '==', value: BACKUP_TAG.value },
            { name: BACKUP_RETENTION_TAG, op: '==', value: String(days) },
          ],
        },
        actions: { baseBlob: backupTiering(life.backupsToColdAfterDays, days) },
      },
    });
  const longest = retentions.at(-1);
  if (longest !== undefined)
    rules.push({
      name: 'backups-backstop',
      enabled: true,
      type: 'Lifecycle',
      definition: {
        filters: { blobTypes: ['blockBlob'], prefixMatch: [backupsPrefix] },
        actions: { baseBlob: backupTiering(life.backupsToColdAfterDays, longest) },
      },
    });

  if (ephemeralLayout === 'shared-container') {
    const days = life.deleteEphemeralStateAfterDays;
    const prefixes = catalog.environments
      .filter((env) => env.kind === 'ephemeral')
      .map((env) => statePrefix(catalog, env));
    rules.push(
      ...prefixRules('ephemeral-states-backstop', prefixes, (prefixMatch) => ({
        filters: { blobTypes: ['blockBlob'], prefixMatch },
        actions: {
          baseBlob: { delete: { daysAfterModificationGreaterThan: days } },
          snapshot: { delete: { daysAfterCreationGreaterThan: days } },
        },
      })),
    );
  }

  rules.push(sloHistoryRule(catalog));

  return validateManagementPolicy(
    { policy: { rules } },
    `the lifecycle policy generated from ${catalog.file}`,
  );
}
