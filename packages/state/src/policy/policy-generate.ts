import type { Catalog } from '@terrarium/core';
import { sloHistoryRules } from '../history/slo-history-rule.js';
import { backupRules } from './backup-rules.js';
import type { PolicyRuleFamily } from './policy-rule.js';
import { type PolicyScope, policyScopes } from './policy-scopes.js';
import type { ManagementPolicyDocument } from './policy-types.js';
import { validateManagementPolicy } from './policy-validate.js';
import { ephemeralBackstopRules, stateSnapshotRules, stateVersionRules } from './state-rules.js';

/**
 * Every family of rules the generated policy holds, in the order they appear. Another kind of
 * blob with a life of its own (stored plans, SLO history) adds its PolicyRuleFamily here: it is
 * then in `terrarium policy`, applied by `--apply`, checked against Azure's limits with the rest
 * and played by `--simulate`.
 */
export const POLICY_RULE_FAMILIES: readonly PolicyRuleFamily[] = [
  stateVersionRules,
  stateSnapshotRules,
  backupRules,
  ephemeralBackstopRules,
  sloHistoryRules,
];

export interface GenerateOptions {
  /** The containers to cover; the catalog's (policyScopes) when left out. */
  scopes?: readonly PolicyScope[];
  /** The families to generate; POLICY_RULE_FAMILIES when left out. */
  families?: readonly PolicyRuleFamily[];
}

/**
 * The storage account's lifecycle policy for a catalog: previous versions tiered then deleted,
 * snapshots and backups deleted after each environment's retention (tiered only when kept long
 * enough for it), the backstop that deletes an ephemeral state nobody renewed for
 * delete-ephemeral-state-after-days, and kept SLO reports deleted after
 * delete-slo-history-after-days. Validated against Azure's schema and limits.
 */
export function generateManagementPolicy(
  catalog: Catalog,
  options: GenerateOptions = {},
): ManagementPolicyDocument {
  const context = { catalog, scopes: options.scopes ?? policyScopes(catalog) };
  const rules = (options.families ?? POLICY_RULE_FAMILIES).flatMap((family) => family.rules(context));
  return validateManagementPolicy(
    { policy: { rules } },
    `the lifecycle policy generated from ${catalog.file}`,
  );
}
