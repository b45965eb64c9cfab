import { parseCatalog } from '@terrarium/core';
import { describe, expect, it } from 'vitest';
import { sloHistoryRule } from './slo-history-rule.js';

function catalog(days?: number) {
  return parseCatalog(
    [
      'version: 1',
      'backend: { storage-account: sttfstate001, container: states }',
      'terraform: { root-module: infra }',
      ...(days === undefined ? [] : [`lifecycle: { delete-slo-history-after-days: ${days} }`]),
      'environments: { dev: { kind: long-lived } }',
    ].join('\n'),
    '/repo/environments.yaml',
  );
}

describe('the SLO history lifecycle rule', () => {
  it('moves kept reports to Cool after 30 days and deletes them after 90 by default', () => {
    expect(sloHistoryRule(catalog())).toEqual({
      name: 'slo-history',
      enabled: true,
      type: 'Lifecycle',
      definition: {
        filters: {
          blobTypes: ['blockBlob'],
          prefixMatch: ['states/slo-history/'],
          // The tag keeps it off the states of an environment named slo-history.
          blobIndexMatch: [{ name: 'terrarium', op: '==', value: 'slo-history' }],
        },
        actions: {
          baseBlob: {
            tierToCool: { daysAfterModificationGreaterThan: 30 },
            delete: { daysAfterModificationGreaterThan: 90 },
          },
        },
      },
    });
  });

  it("tiers to Cool only when reports then stay there for Cool's 30-day minimum", () => {
    expect(sloHistoryRule(catalog(60)).definition.actions.baseBlob).toEqual({
      tierToCool: { daysAfterModificationGreaterThan: 30 },
      delete: { daysAfterModificationGreaterThan: 60 },
    });
    expect(sloHistoryRule(catalog(59)).definition.actions.baseBlob).toEqual({
      delete: { daysAfterModificationGreaterThan: 59 },
    });
  });
});
