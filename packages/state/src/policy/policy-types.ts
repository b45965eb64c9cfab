import type { ManagementPolicySchema } from '@azure/arm-storage';

/**
 * The body of Microsoft.Storage/storageAccounts/managementPolicies (`properties` in the REST
 * call): `{ policy: { rules: [...] } }`. The SDK's own types, so it goes to the API unchanged.
 */
export interface ManagementPolicyDocument {
  policy: ManagementPolicySchema;
}

/** The blob kinds a rule's actions apply to, and the actions Azure accepts on each. */
export const POLICY_ACTIONS = {
  baseBlob: [
    'tierToCool',
    'tierToCold',
    'tierToArchive',
    'tierToHot',
    'delete',
    'enableAutoTierToHotFromCool',
  ],
  snapshot: ['tierToCool', 'tierToCold', 'tierToArchive', 'tierToHot', 'delete'],
  version: ['tierToCool', 'tierToCold', 'tierToArchive', 'tierToHot', 'delete'],
} as const;

export type PolicyBlobKind = keyof typeof POLICY_ACTIONS;

/** Documented limits of a lifecycle management policy. */
export const POLICY_LIMITS = {
  maxRules: 100,
  maxRuleNameLength: 256,
  maxPrefixesPerRule: 10,
  maxTagFiltersPerRule: 10,
  blobTypes: ['blockBlob', 'appendBlob'],
} as const;
