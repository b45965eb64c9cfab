import type { ManagementPolicyRule } from '@azure/arm-storage';
import type { Catalog } from '@terrarium/core';
import type { PolicyScope } from './policy-scopes.js';
import { POLICY_LIMITS } from './policy-types.js';

/** What every family of rules is generated from. */
export interface PolicyContext {
  catalog: Catalog;
  /** Every container the policy covers and what of the catalog each holds. */
  scopes: readonly PolicyScope[];
}

/**
 * One family of lifecycle rules: a kind of blob with a life of its own (states' versions,
 * backups, the ephemeral backstop...). `terrarium policy`, `--apply` and `--simulate` take every
 * family in POLICY_RULE_FAMILIES (policy-generate.ts); a new kind of blob (stored plans, SLO
 * history) adds its family there and is generated, validated and simulated like the rest.
 */
export interface PolicyRuleFamily {
  /** Rule names of the family start with it. */
  name: string;
  rules(context: PolicyContext): ManagementPolicyRule[];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** One rule per chunk of at most 10 prefixes (Azure's limit), named `<base>`, `<base>-2`, ... */
export function prefixRules(
  base: string,
  prefixes: readonly string[],
  build: (prefixMatch: string[]) => ManagementPolicyRule['definition'],
): ManagementPolicyRule[] {
  return chunks([...new Set(prefixes)], POLICY_LIMITS.maxPrefixesPerRule).map((prefixMatch, i) => ({
    name: i === 0 ? base : `${base}-${i + 1}`,
    enabled: true,
    type: 'Lifecycle',
    definition: build(prefixMatch),
  }));
}
