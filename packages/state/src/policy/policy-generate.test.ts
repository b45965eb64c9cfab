import type { Catalog, EnvironmentSpec } from '@terrarium/core';
import { describe, expect, it } from 'vitest';
import { generateManagementPolicy } from './policy-generate.js';
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

  it('passes its own validation and names rules uniquely', () => {
    const policy = generateManagementPolicy(sampleCatalog());
    expect(findManagementPolicyProblems(policy)).toEqual([]);
    const names = policy.policy.rules.map((rule) => rule.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('deletes each retention group of backups after its own days, with a backstop at the longest', () => {
    const rules = generateManagementPolicy(sampleCatalog()).policy.rules;
    const byName = new Map(rules.map((rule) => [rule.name, rule]));
    expect(byName.get('backups-90d')?.definition.actions.baseBlob).toEqual({
      tierToCool: { daysAfterModificationGreaterThan: 0 },
      tierToCold: { daysAfterModificationGreaterThan: 30 },
      delete: { daysAfterModificationGreaterThan: 90 },
    });
    // Retention shorter than the Cold threshold: straight from Cool to deleted.
    expect(byName.get('backups-7d')?.definition.actions.baseBlob).toEqual({
      tierToCool: { daysAfterModificationGreaterThan: 0 },
      delete: { daysAfterModificationGreaterThan: 7 },
    });
    expect(byName.get('backups-backstop')?.definition.actions.baseBlob?.delete).toEqual({
      daysAfterModificationGreaterThan: 365,
    });
  });

  it('leaves ephemeral states out of the main container rules in the container-per-environment layout', () => {
    const rules = generateManagementPolicy(sampleCatalog({ ephemeralLayout: 'container-per-environment' }))
      .policy.rules;
    expect(rules.map((rule) => rule.name)).not.toContain('ephemeral-states-backstop');
    expect(rules.find((rule) => rule.name === 'state-snapshots-7d')).toBeUndefined();
    expect(rules.find((rule) => rule.name === 'backups-7d')).toBeDefined();
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
      /generated from \/repo\/environments.yaml would be refused by Azure:\n- policy.rules has 123 rules/,
    );
  });
});
