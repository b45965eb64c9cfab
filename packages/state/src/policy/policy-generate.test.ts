import type { Catalog, EnvironmentSpec } from '@terrarium/core';
import { schemaProblems } from '@terrarium/state/testing';
import { describe, expect, it } from 'vitest';
import { generateManagementPolicy, POLICY_RULE_FAMILIES } from './policy-generate.js';
import type { PolicyRuleFamily } from './policy-rule.js';
import { policyScopes } from './policy-scopes.js';
import { findManagementPolicyProblems } from './policy-validate.js';

function env(name: string, kind: EnvironmentSpec['kind'], backupRetentionDays: number): EnvironmentSpec {
  return {
    name,
    kind,
    description: undefined,
    safety: 'basic',
    varFiles: [],
    variables: {},
    ttlSeconds: kind === 'ephemeral' ? 86_400 : undefined,
    scaling: {},
    stateTier: 'Hot',
    backupRetentionDays,
  };
}

function sampleCatalog(
  overrides: Partial<Catalog['backend']> = {},
  environments?: EnvironmentSpec[],
): Catalog {
  return {
    file: '/repo/environments.yaml',
    version: 1,
    backend: {
      storageAccount: 'sttfstate001',
      resourceGroup: 'rg-tfstate',
      subscriptionId: undefined,
      container: 'tfstate',
      ephemeralLayout: 'shared-container',
      ...overrides,
    },
    terraform: { rootModule: 'infra', binary: 'terraform' },
    lifecycle: {
      versionsToCoolAfterDays: 7,
      deleteVersionsAfterDays: 30,
      backupsToColdAfterDays: 30,
      deleteEphemeralStateAfterDays: 14,
      deleteSloHistoryAfterDays: 90,
    },
    environments: environments ?? [
      env('dev', 'long-lived', 14),
      env('test', 'long-lived', 14),
      env('stg', 'long-lived', 90),
      env('prod', 'long-lived', 365),
      env('feat', 'ephemeral', 7),
      env('perf', 'ephemeral', 7),
    ],
  };
}

describe('generateManagementPolicy', () => {
  it('matches the reviewed policy for the sample catalog', () => {
    expect(generateManagementPolicy(sampleCatalog())).toMatchSnapshot();
  });

  it('passes its own validation, the published schema and its limits, and names rules uniquely', () => {
    for (const catalog of [
      sampleCatalog(),
      sampleCatalog({ ephemeralLayout: 'container-per-environment' }),
      sampleCatalog(
        {},
        Array.from({ length: 23 }, (_, i) => env(`eph${i}`, 'ephemeral', 7)),
      ),
    ]) {
      const policy = generateManagementPolicy(catalog);
      expect(findManagementPolicyProblems(policy)).toEqual([]);
      expect(schemaProblems(policy)).toEqual([]);
      const names = policy.policy.rules.map((rule) => rule.name);
      expect(new Set(names).size).toBe(names.length);
    }
  });

  const rulesOf = (catalog: Catalog) =>
    new Map(generateManagementPolicy(catalog).policy.rules.map((rule) => [rule.name, rule.definition]));

  it('tiers backups only when kept long enough to pay for it, and deletes them after exactly their retention', () => {
    const rules = rulesOf(sampleCatalog());
    // 7 days: Cool would bill its 30-day minimum, so Hot until deleted.
    expect(rules.get('backups-7d')?.actions.baseBlob).toEqual({
      delete: { daysAfterModificationGreaterThan: 7 },
    });
    // 90 days: Cool from the start; Cold at 30 would leave 60 days of Cold's 90-day minimum.
    expect(rules.get('backups-90d')?.actions.baseBlob).toEqual({
      tierToCool: { daysAfterModificationGreaterThan: 0 },
      delete: { daysAfterModificationGreaterThan: 90 },
    });
    // 365 days: Cool, then Cold after Cool's 30 days, with 335 days left there.
    expect(rules.get('backups-365d')?.actions.baseBlob).toEqual({
      tierToCool: { daysAfterModificationGreaterThan: 0 },
      tierToCold: { daysAfterModificationGreaterThan: 30 },
      delete: { daysAfterModificationGreaterThan: 365 },
    });
    expect(rules.get('backups-7d')?.filters?.blobIndexMatch).toEqual([
      { name: 'terrarium', op: '==', value: 'backup' },
      { name: 'retention-days', op: '==', value: '7' },
    ]);
    // Untagged backups: after the longest retention, untiered (the tagged ones match too).
    expect(rules.get('backups-backstop')?.actions).toEqual({
      baseBlob: { delete: { daysAfterModificationGreaterThan: 365 } },
      version: { delete: { daysAfterCreationGreaterThan: 365 } },
    });
  });

  it('deletes the previous version a deleted backup leaves after the same retention, by folder', () => {
    const rules = rulesOf(sampleCatalog());
    expect(rules.get('backup-versions-7d')).toEqual({
      filters: { blobTypes: ['blockBlob'], prefixMatch: ['tfstate/backups/feat-', 'tfstate/backups/perf-'] },
      actions: { version: { delete: { daysAfterCreationGreaterThan: 7 } } },
    });
    expect(rules.get('backup-versions-14d')?.filters?.prefixMatch).toEqual([
      'tfstate/backups/dev/',
      'tfstate/backups/test/',
    ]);
  });

  it('deletes only tagged ephemeral states, and their versions and snapshots after the same days', () => {
    const rules = rulesOf(sampleCatalog());
    expect(rules.get('ephemeral-states-backstop')).toEqual({
      filters: {
        blobTypes: ['blockBlob'],
        prefixMatch: ['tfstate/feat/', 'tfstate/perf/'],
        blobIndexMatch: [{ name: 'terrarium', op: '==', value: 'state' }],
      },
      actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: 14 } } },
    });
    expect(rules.get('ephemeral-states-history')).toEqual({
      filters: { blobTypes: ['blockBlob'], prefixMatch: ['tfstate/feat/', 'tfstate/perf/'] },
      actions: {
        version: { delete: { daysAfterCreationGreaterThan: 14 } },
        snapshot: { delete: { daysAfterCreationGreaterThan: 14 } },
      },
    });
  });

  it('moves previous versions to Cool only when they then stay there 30 days', () => {
    // 7 -> 30: 23 days in Cool would bill 30.
    expect(rulesOf(sampleCatalog()).get('state-versions')?.actions.version).toEqual({
      delete: { daysAfterCreationGreaterThan: 30 },
    });
    const defaults = sampleCatalog();
    defaults.lifecycle = { ...defaults.lifecycle, versionsToCoolAfterDays: 30, deleteVersionsAfterDays: 90 };
    expect(rulesOf(defaults).get('state-versions')?.actions.version).toEqual({
      tierToCool: { daysAfterCreationGreaterThan: 30 },
      delete: { daysAfterCreationGreaterThan: 90 },
    });
  });

  it('covers every container it is given and takes families registered beside the built-in ones', () => {
    const catalog = sampleCatalog();
    const [main] = policyScopes(catalog);
    if (!main) throw new Error('no scope');
    const plans: PolicyRuleFamily = {
      name: 'stored-plans',
      rules: ({ scopes }) => [
        {
          name: 'stored-plans-30d',
          enabled: true,
          type: 'Lifecycle',
          definition: {
            filters: {
              blobTypes: ['blockBlob'],
              prefixMatch: scopes.map((scope) => `${scope.container}/plans/`),
            },
            actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: 90 } } },
          },
        },
      ],
    };
    const policy = generateManagementPolicy(catalog, {
      scopes: [main, { ...main, container: 'tfstate-stg', keyPrefix: 'org-app/' }],
      families: [...POLICY_RULE_FAMILIES, plans],
    });
    const rules = new Map(policy.policy.rules.map((rule) => [rule.name, rule.definition]));
    expect(rules.get('state-versions')?.filters?.prefixMatch).toEqual(['tfstate/', 'tfstate-stg/org-app/']);
    expect(rules.get('stored-plans-30d')?.filters?.prefixMatch).toEqual([
      'tfstate/plans/',
      'tfstate-stg/plans/',
    ]);
    expect(rules.get('backup-versions-90d')?.filters?.prefixMatch).toEqual([
      'tfstate/backups/stg/',
      'tfstate-stg/org-app/backups/stg/',
    ]);
  });

  it('leaves ephemeral states out of the main container rules in the container-per-environment layout', () => {
    const rules = generateManagementPolicy(sampleCatalog({ ephemeralLayout: 'container-per-environment' }))
      .policy.rules;
    expect(rules.map((rule) => rule.name)).not.toContain('ephemeral-states-backstop');
    expect(rules.map((rule) => rule.name)).not.toContain('ephemeral-states-history');
    expect(rules.find((rule) => rule.name === 'state-snapshots-7d')).toBeUndefined();
    // Their records and backups stay in the main container.
    expect(rules.find((rule) => rule.name === 'backups-7d')).toBeDefined();
    expect(rules.find((rule) => rule.name === 'backup-versions-7d')).toBeDefined();
  });

  it('splits more than 10 prefixes over several rules', () => {
    const many = Array.from({ length: 23 }, (_, i) => env(`eph${i}`, 'ephemeral', 7));
    const rules = generateManagementPolicy(sampleCatalog({}, many)).policy.rules;
    const backstops = rules.filter((rule) => rule.name.startsWith('ephemeral-states-backstop'));
    expect(backstops.map((rule) => rule.name)).toEqual([
      'ephemeral-states-backstop',
      'ephemeral-states-backstop-2',
      'ephemeral-states-backstop-3',
    ]);
    expect(backstops.map((rule) => rule.definition.filters?.prefixMatch?.length)).toEqual([10, 10, 3]);
  });

  it('refuses a catalog whose policy would need more than 100 rules', () => {
    const many = Array.from({ length: 60 }, (_, i) => env(`env${i}`, 'long-lived', i + 1));
    expect(() => generateManagementPolicy(sampleCatalog({}, many))).toThrow(
      /generated from \/repo\/environments.yaml would be refused by Azure:\n- policy.rules has 184 rules/,
    );
  });
});
