import type { ManagementPolicyBaseBlob, ManagementPolicyRule } from '@azure/arm-storage';
import type { Catalog } from '@terrarium/core';
import type { PolicyRuleFamily } from '../policy/policy-rule.js';
import { SLO_HISTORY_PREFIX, SLO_HISTORY_TAG } from './slo-history-naming.js';

/** Reports older than this are read rarely (the baseline and the trend look back a week or two). */
const COOL_AFTER_DAYS = 30;
/** Cool's minimum stay: a blob deleted sooner is charged the rest, so a shorter stay saves nothing. */
const COOL_MINIMUM_DAYS = 30;

/**
 * Kept SLO reports: deleted after the catalog's `delete-slo-history-after-days`; moved to Cool
 * after 30 days only when they then stay there at least Cool's 30-day minimum. The tag filter
 * keeps the rule off anything else under the prefix (an environment named `slo-history`).
 */
export function sloHistoryRule(catalog: Catalog): ManagementPolicyRule {
  const days = catalog.lifecycle.deleteSloHistoryAfterDays;
  const baseBlob: ManagementPolicyBaseBlob = {};
  if (days - COOL_AFTER_DAYS >= COOL_MINIMUM_DAYS) {
    baseBlob.tierToCool = { daysAfterModificationGreaterThan: COOL_AFTER_DAYS };
  }
  baseBlob.delete = { daysAfterModificationGreaterThan: days };
  return {
    name: 'slo-history',
    enabled: true,
    type: 'Lifecycle',
    definition: {
      filters: {
        blobTypes: ['blockBlob'],
        prefixMatch: [`${catalog.backend.container}/${SLO_HISTORY_PREFIX}`],
        blobIndexMatch: [{ name: SLO_HISTORY_TAG.name, op: '==', value: SLO_HISTORY_TAG.value }],
      },
      actions: { baseBlob },
    },
  };
}

/**
 * The history's family in the generated policy: its rule, and the previous versions a deleted
 * report leaves on a versioned account (which no tag filter selects), deleted after the same days.
 */
export const sloHistoryRules: PolicyRuleFamily = {
  name: 'slo-history',
  rules: ({ catalog }) => [
    sloHistoryRule(catalog),
    {
      name: 'slo-history-versions',
      enabled: true,
      type: 'Lifecycle',
      definition: {
        filters: {
          blobTypes: ['blockBlob'],
          prefixMatch: [`${catalog.backend.container}/${SLO_HISTORY_PREFIX}`],
        },
        actions: {
          version: { delete: { daysAfterCreationGreaterThan: catalog.lifecycle.deleteSloHistoryAfterDays } },
        },
      },
    },
  ],
};
