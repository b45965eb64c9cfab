import type { ManagementPolicyBaseBlob, ManagementPolicyRule } from '@azure/arm-storage';
import type { EnvironmentSpec } from '@terrarium/core';
import { BACKUP_RETENTION_TAG, BACKUP_TAG } from '../backups/backup-store.js';
import { type PolicyRuleFamily, prefixRules } from './policy-rule.js';
import { backupsPrefix, environmentBackupsPrefix } from './policy-scopes.js';
import { backupTiering } from './retention-tiering.js';

function backupActions(retentionDays: number, coldAfterDays: number): ManagementPolicyBaseBlob {
  const tiering = backupTiering(retentionDays, coldAfterDays);
  const actions: ManagementPolicyBaseBlob = {};
  // Backups are written in their tier already; this catches any copied in by other means.
  if (tiering.writeTier === 'Cool') actions.tierToCool = { daysAfterModificationGreaterThan: 0 };
  if (tiering.coldAfterDays !== undefined)
    actions.tierToCold = { daysAfterModificationGreaterThan: tiering.coldAfterDays };
  actions.delete = { daysAfterModificationGreaterThan: retentionDays };
  return actions;
}

function retentionsOf(environments: readonly EnvironmentSpec[]): number[] {
  return [...new Set(environments.map((env) => env.backupRetentionDays))].sort((a, b) => a - b);
}

/**
 * Backups: each is deleted exactly `backup-retention-days` after it was taken (its
 * `retention-days` tag, written with it), the newest too, which is also what pruneBackups does;
 * tiered by that retention. On a versioned account a deleted backup lives on as a previous
 * version, which a tag filter cannot select: a rule per retention on the environments' backup
 * folders deletes those after the same days. Backups without a retention tag go after the
 * longest retention, untiered (a tag filter cannot leave the tagged ones out).
 */
export const backupRules: PolicyRuleFamily = {
  name: 'backups',
  rules({ catalog, scopes }) {
    const coldAfter = catalog.lifecycle.backupsToColdAfterDays;
    const all = scopes.flatMap((scope) => scope.backups.map((env) => ({ scope, env })));
    const retentions = retentionsOf(all.map(({ env }) => env));
    const folders = scopes.map(backupsPrefix);
    const tagged = retentions.flatMap((days) =>
      prefixRules(`backups-${days}d`, folders, (prefixMatch) => ({
        filters: {
          blobTypes: ['blockBlob'],
          prefixMatch,
          blobIndexMatch: [
            { name: BACKUP_TAG.name, op: '==', value: BACKUP_TAG.value },
            { name: BACKUP_RETENTION_TAG, op: '==', value: String(days) },
          ],
        },
        actions: { baseBlob: backupActions(days, coldAfter) },
      })),
    );
    const versions = retentions.flatMap((days) =>
      prefixRules(
        `backup-versions-${days}d`,
        all
          .filter(({ env }) => env.backupRetentionDays === days)
          .map(({ scope, env }) => environmentBackupsPrefix(scope, env)),
        (prefixMatch) => ({
          filters: { blobTypes: ['blockBlob'], prefixMatch },
          actions: { version: { delete: { daysAfterCreationGreaterThan: days } } },
        }),
      ),
    );
    const longest = retentions.at(-1);
    const backstop: ManagementPolicyRule[] =
      longest === undefined
        ? []
        : prefixRules('backups-backstop', folders, (prefixMatch) => ({
            filters: { blobTypes: ['blockBlob'], prefixMatch },
            actions: {
              baseBlob: { delete: { daysAfterModificationGreaterThan: longest } },
              version: { delete: { daysAfterCreationGreaterThan: longest } },
            },
          }));
    return [...tagged, ...versions, ...backstop];
  },
};
