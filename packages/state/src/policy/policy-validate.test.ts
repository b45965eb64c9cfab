import { ConfigurationError } from '@terrarium/core';
import { schemaProblems } from '@terrarium/state/testing';
import { describe, expect, it } from 'vitest';
import { findManagementPolicyProblems, validateManagementPolicy } from './policy-validate.js';

type Rule = Record<string, unknown>;

function rule(overrides: Rule = {}, definition: Rule = {}): Rule {
  return {
    name: 'r1',
    enabled: true,
    type: 'Lifecycle',
    definition: {
      filters: { blobTypes: ['blockBlob'], prefixMatch: ['tfstate/'] },
      actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: 30 } } },
      ...definition,
    },
    ...overrides,
  };
}
const policy = (...rules: Rule[]) => ({ policy: { rules } });
const base = (baseBlob: Rule) => ({ actions: { baseBlob } });
const filters = (f: Rule) => ({ filters: { blobTypes: ['blockBlob'], ...f } });

describe('validateManagementPolicy', () => {
  it('accepts a valid policy and returns it unchanged', () => {
    const good = policy(
      rule(),
      rule(
        { name: 'Backups-2' },
        {
          actions: {
            baseBlob: {
              tierToCool: { daysAfterModificationGreaterThan: 0 },
              tierToCold: { daysAfterModificationGreaterThan: 30 },
              tierToArchive: { daysAfterModificationGreaterThan: 60, daysAfterLastTierChangeGreaterThan: 7 },
              delete: { daysAfterModificationGreaterThan: 90 },
            },
            snapshot: { delete: { daysAfterCreationGreaterThan: 30 } },
            version: {
              tierToCool: { daysAfterCreationGreaterThan: 7 },
              delete: { daysAfterCreationGreaterThan: 30 },
            },
          },
        },
      ),
      rule({ name: 'logs' }, { filters: { blobTypes: ['appendBlob'], prefixMatch: ['$web/logs'] } }),
      // The schema makes filters optional: such a rule applies to every blob of the account.
      rule({ name: 'everything' }, { filters: undefined }),
    );
    expect(validateManagementPolicy(good)).toBe(good);
    expect(schemaProblems(good)).toEqual([]);
  });

  const cases: [string, unknown, RegExp][] = [
    ['not a policy at all', { rules: [] }, /must look like \{ "policy": \{ "rules"/],
    ['no rules', policy(), /policy.rules is empty/],
    [
      '101 rules',
      policy(...Array.from({ length: 101 }, (_, i) => rule({ name: `r${i}` }))),
      /101 rules; Azure allows at most 100/,
    ],
    ['duplicate names', policy(rule(), rule()), /rules\[1\].name "r1" is used by an earlier rule/],
    [
      'a name with an underscore',
      policy(rule({ name: 'bad_name' })),
      /name "bad_name" must be 1-256 letters, digits or hyphens/,
    ],
    ['a name over 256', policy(rule({ name: 'a'.repeat(257) })), /must be 1-256 letters/],
    ['a wrong type', policy(rule({ type: 'Inventory' })), /type must be "Lifecycle"/],
    ['no definition', policy(rule({ definition: undefined })), /definition is required/],
    [
      'filters that are not an object',
      policy(rule({}, { filters: 'tfstate/' })),
      /filters must be an object/,
    ],
    [
      'a misspelt filter',
      policy(rule({}, filters({ prefixMatches: ['tfstate/'] }))),
      /filters.prefixMatches is not part of a lifecycle rule/,
    ],
    [
      'a misspelt rule property',
      policy(rule({ enable: true })),
      /rules\[0\].enable is not part of a lifecycle rule/,
    ],
    [
      'a tag filter on versions',
      policy(
        rule(
          {},
          {
            filters: {
              blobTypes: ['blockBlob'],
              blobIndexMatch: [{ name: 'terrarium', op: '==', value: 'state' }],
            },
            actions: { version: { delete: { daysAfterCreationGreaterThan: 30 } } },
          },
        ),
      ),
      /blobIndexMatch does not filter versions or snapshots/,
    ],
    [
      'no blob types',
      policy(rule({}, { filters: { blobTypes: [] } })),
      /blobTypes must list at least one of blockBlob, appendBlob/,
    ],
    [
      'a page blob type',
      policy(rule({}, { filters: { blobTypes: ['pageBlob'] } })),
      /"pageBlob" is not a blob type/,
    ],
    [
      'eleven prefixes',
      policy(rule({}, filters({ prefixMatch: Array.from({ length: 11 }, (_, i) => `tfstate/p${i}`) }))),
      /has 11 prefixes; a rule takes at most 10/,
    ],
    [
      'a prefix without a container',
      policy(rule({}, filters({ prefixMatch: ['/backups/'] }))),
      /"\/backups\/" must start with a container name/,
    ],
    [
      'an upper-case container',
      policy(rule({}, filters({ prefixMatch: ['TFState/x'] }))),
      /"TFState\/x" must start with a container name/,
    ],
    [
      'a tag filter with <',
      policy(rule({}, filters({ blobIndexMatch: [{ name: 'a', op: '<', value: '1' }] }))),
      /op must be "=="/,
    ],
    [
      'eleven tag filters',
      policy(
        rule(
          {},
          filters({
            blobIndexMatch: Array.from({ length: 11 }, () => ({ name: 'a', op: '==', value: 'b' })),
          }),
        ),
      ),
      /11 filters; at most 10/,
    ],
    [
      'no actions',
      policy(rule({}, { actions: {} })),
      /actions needs at least one of baseBlob, snapshot, version/,
    ],
    [
      'an unknown blob kind',
      policy(rule({}, { actions: { base: {}, snapshot: { delete: { daysAfterCreationGreaterThan: 1 } } } })),
      /actions.base is not a blob kind/,
    ],
    ['an empty action set', policy(rule({}, base({}))), /baseBlob has no action/],
    [
      'an unknown action',
      policy(rule({}, base({ moveToCool: { daysAfterModificationGreaterThan: 1 } }))),
      /moveToCool is not an action for baseBlob/,
    ],
    [
      'enableAutoTierToHotFromCool on a snapshot',
      policy(rule({}, { actions: { snapshot: { enableAutoTierToHotFromCool: true } } })),
      /enableAutoTierToHotFromCool is not an action for snapshot/,
    ],
    [
      'auto tier to hot without last access',
      policy(
        rule(
          {},
          base({ enableAutoTierToHotFromCool: true, tierToCool: { daysAfterModificationGreaterThan: 1 } }),
        ),
      ),
      /needs tierToCool.daysAfterLastAccessTimeGreaterThan/,
    ],
    [
      'tierToCool on append blobs',
      policy(
        rule(
          {},
          {
            filters: { blobTypes: ['appendBlob'] },
            actions: { baseBlob: { tierToCool: { daysAfterModificationGreaterThan: 1 } } },
          },
        ),
      ),
      /appendBlob supports only delete actions/,
    ],
    [
      'two base conditions',
      policy(
        rule({}, base({ delete: { daysAfterModificationGreaterThan: 1, daysAfterCreationGreaterThan: 1 } })),
      ),
      /needs exactly one of/,
    ],
    ['no base condition', policy(rule({}, base({ delete: {} }))), /needs exactly one of/],
    [
      'negative days',
      policy(rule({}, base({ delete: { daysAfterModificationGreaterThan: -1 } }))),
      /must be a whole number of days/,
    ],
    [
      'fractional days',
      policy(rule({}, base({ delete: { daysAfterModificationGreaterThan: 1.5 } }))),
      /must be a whole number of days/,
    ],
    [
      'a modification condition on a version',
      policy(rule({}, { actions: { version: { delete: { daysAfterModificationGreaterThan: 3 } } } })),
      /daysAfterModificationGreaterThan is not a condition for version/,
    ],
    [
      'tier change days outside tierToArchive',
      policy(
        rule(
          {},
          base({ delete: { daysAfterModificationGreaterThan: 9, daysAfterLastTierChangeGreaterThan: 1 } }),
        ),
      ),
      /daysAfterLastTierChangeGreaterThan is only allowed on tierToArchive/,
    ],
    [
      'tier change days without modification days',
      policy(
        rule(
          {},
          base({ tierToArchive: { daysAfterCreationGreaterThan: 9, daysAfterLastTierChangeGreaterThan: 1 } }),
        ),
      ),
      /needs daysAfterModificationGreaterThan beside it/,
    ],
    [
      'delete before cool',
      policy(
        rule(
          {},
          base({
            tierToCool: { daysAfterModificationGreaterThan: 30 },
            delete: { daysAfterModificationGreaterThan: 30 },
          }),
        ),
      ),
      /delete after 30 days must come later than tierToCool after 30 days/,
    ],
    [
      'cold before cool on versions',
      policy(
        rule(
          {},
          {
            actions: {
              version: {
                tierToCool: { daysAfterCreationGreaterThan: 20 },
                tierToCold: { daysAfterCreationGreaterThan: 10 },
              },
            },
          },
        ),
      ),
      /tierToCold after 10 days must come later than tierToCool after 20 days/,
    ],
    [
      'archive after delete on snapshots',
      policy(
        rule(
          {},
          {
            actions: {
              snapshot: {
                tierToArchive: { daysAfterCreationGreaterThan: 40 },
                delete: { daysAfterCreationGreaterThan: 35 },
              },
            },
          },
        ),
      ),
      /delete after 35 days must come later than tierToArchive after 40 days/,
    ],
  ];

  it.each(cases)('refuses %s', (_label, input, message) => {
    expect(findManagementPolicyProblems(input).join('\n')).toMatch(message);
    expect(() => validateManagementPolicy(input, 'policy.json')).toThrow(ConfigurationError);
  });

  // What the Microsoft.Storage schema of api-version 2025-06-01 (a committed excerpt of
  // azure-rest-api-specs) and Microsoft's documented limits refuse, this validator refuses too.
  const schemaOnly: [string, unknown][] = [
    ['a lower-case type', policy(rule({ type: 'lifecycle' }))],
    ['enabled as text', policy(rule({ enabled: 'yes' }))],
    ['no name', policy(rule({ name: undefined }))],
    ['no actions at all', policy(rule({}, { actions: undefined }))],
    ['days as text', policy(rule({}, base({ delete: { daysAfterModificationGreaterThan: '30' } })))],
    [
      'a tag name of 129 characters',
      policy(rule({}, filters({ blobIndexMatch: [{ name: 'a'.repeat(129), op: '==', value: 'b' }] }))),
    ],
    [
      'a tag value of 257 characters',
      policy(rule({}, filters({ blobIndexMatch: [{ name: 'a', op: '==', value: 'b'.repeat(257) }] }))),
    ],
    ['a tag filter without op', policy(rule({}, filters({ blobIndexMatch: [{ name: 'a', value: 'b' }] })))],
    ['prefixes as one string', policy(rule({}, filters({ prefixMatch: 'tfstate/' })))],
    ['a version condition without creation days', policy(rule({}, { actions: { version: { delete: {} } } }))],
    [
      'an unknown kind of condition',
      policy(rule({}, { actions: { snapshot: { delete: { daysAfterCreationGreaterThan: 1, after: 2 } } } })),
    ],
  ];
  it.each([...cases.map(([label, input]) => [label, input] as [string, unknown]), ...schemaOnly])(
    'agrees with the published schema on %s',
    (_label, input) => {
      const fromSchema = schemaProblems(input);
      if (fromSchema.length > 0) expect(findManagementPolicyProblems(input)).not.toEqual([]);
    },
  );
  it.each(schemaOnly)('the schema itself refuses %s (so the agreement above is tested)', (_label, input) => {
    expect(schemaProblems(input)).not.toEqual([]);
  });

  it('lists every problem at once, under the source it was given', () => {
    const input = policy(rule({ name: 'x_y', type: 'Other' }));
    expect(() => validateManagementPolicy(input, 'policy.json')).toThrow(
      'policy.json would be refused by Azure:\n- policy.rules[0].name "x_y" must be 1-256 letters, digits or hyphens\n- policy.rules[0].type must be "Lifecycle"',
    );
  });
});
