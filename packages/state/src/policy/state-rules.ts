import type { ManagementPolicyRule, ManagementPolicyVersion } from '@azure/arm-storage';
import { type PolicyRuleFamily, prefixRules } from './policy-rule.js';
import { scopePrefix, stateFolderPrefix } from './policy-scopes.js';
import { retentionTiering } from './retention-tiering.js';
import { STATE_TAG } from './state-renewal.js';

/**
 * Previous versions of everything in the containers (every state write, touch and lock leaves
 * one on a versioned account): Cool after versions-to-cool-after-days when they then stay 30
 * days more, deleted after delete-versions-after-days.
 */
export const stateVersionRules: PolicyRuleFamily = {
  name: 'state-versions',
  rules({ catalog, scopes }) {
    const life = catalog.lifecycle;
    const tiering = retentionTiering(life.deleteVersionsAfterDays, life.versionsToCoolAfterDays, undefined);
    const version: ManagementPolicyVersion = {};
    if (tiering.coolAfterDays !== undefined)
      version.tierToCool = { daysAfterCreationGreaterThan: tiering.coolAfterDays };
    version.delete = { daysAfterCreationGreaterThan: life.deleteVersionsAfterDays };
    return prefixRules('state-versions', scopes.map(scopePrefix), (prefixMatch) => ({
      filters: { blobTypes: ['blockBlob'], prefixMatch },
      actions: { version },
    }));
  },
};

/** Snapshots of each environment's state (terraform's `snapshot = true`), after its backup retention. */
export const stateSnapshotRules: PolicyRuleFamily = {
  name: 'state-snapshots',
  rules({ scopes }) {
    const states = scopes.flatMap((scope) => scope.states.map((env) => ({ scope, env })));
    const retentions = [...new Set(states.map(({ env }) => env.backupRetentionDays))].sort((a, b) => a - b);
    return retentions.flatMap((days) =>
      prefixRules(
        `state-snapshots-${days}d`,
        states
          .filter(({ env }) => env.backupRetentionDays === days)
          .map(({ scope, env }) => stateFolderPrefix(scope, env)),
        (prefixMatch) => ({
          filters: { blobTypes: ['blockBlob'], prefixMatch },
          actions: { snapshot: { delete: { daysAfterCreationGreaterThan: days } } },
        }),
      ),
    );
  },
};

/**
 * The backstop behind the sweeper: an ephemeral state untouched for delete-ephemeral-state-after-days
 * is deleted by the account itself. Only blobs tagged `terrarium=state` (Terrarium tags a state
 * each time it renews it), so the records beside the states are never matched. Azure deletes the
 * current version only once its previous versions and snapshots are gone, and a tag filter cannot
 * select those, so a second rule on the same folders deletes them after the same days: the
 * backstop then fires after that many days on a versioned account too, not after
 * delete-versions-after-days.
 */
export const ephemeralBackstopRules: PolicyRuleFamily = {
  name: 'ephemeral-states',
  rules({ catalog, scopes }) {
    const days = catalog.lifecycle.deleteEphemeralStateAfterDays;
    const prefixes = scopes.flatMap((scope) =>
      scope.states.filter((env) => env.kind === 'ephemeral').map((env) => stateFolderPrefix(scope, env)),
    );
    const backstop: ManagementPolicyRule[] = prefixRules(
      'ephemeral-states-backstop',
      prefixes,
      (prefixMatch) => ({
        filters: {
          blobTypes: ['blockBlob'],
          prefixMatch,
          blobIndexMatch: [{ name: STATE_TAG.name, op: '==', value: STATE_TAG.value }],
        },
        actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: days } } },
      }),
    );
    const history = prefixRules('ephemeral-states-history', prefixes, (prefixMatch) => ({
      filters: { blobTypes: ['blockBlob'], prefixMatch },
      actions: {
        version: { delete: { daysAfterCreationGreaterThan: days } },
        snapshot: { delete: { daysAfterCreationGreaterThan: days } },
      },
    }));
    return [...backstop, ...history];
  },
};
