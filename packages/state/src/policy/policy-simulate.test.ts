import type { ManagementPolicyRule } from '@azure/arm-storage';
import { type Catalog, parseCatalog } from '@terrarium/core';
import { describe, expect, it } from 'vitest';
import { generateManagementPolicy } from './policy-generate.js';
import { type PolicyObject, simulatePolicy } from './policy-simulate.js';

const DAY = 86_400_000;
const T0 = new Date('2026-01-01T00:00:00Z');
const day = (n: number) => new Date(T0.getTime() + n * DAY);

const catalog: Catalog = parseCatalog(
  `version: 1
backend:
  storage-account: sttfstate001
terraform:
  root-module: infra
environments:
  dev: {kind: long-lived, backup-retention-days: 7}
  prod: {kind: long-lived, backup-retention-days: 365}
  feat: {kind: ephemeral, ttl: 3d, backup-retention-days: 7}
`,
  '/repo/environments.yaml',
);
const policy = generateManagementPolicy(catalog).policy;

function object(name: string, fields: Partial<PolicyObject> = {}): PolicyObject {
  return {
    container: 'tfstate',
    name,
    version: 'current',
    blobType: 'blockBlob',
    lastModified: T0,
    createdAt: T0,
    tier: 'Hot',
    tags: {},
    metadata: {},
    versioned: true,
    ...fields,
  };
}

function record(envId: string, stateKey: string, expiresAt: string | undefined, kind = 'ephemeral') {
  return object(`${stateKey.replace(/\/terraform\.tfstate$/, '')}/terrarium.json`, {
    tags: { terrarium: 'record', env: envId, kind, status: 'ready', expires_at: expiresAt ?? 'never' },
    metadata: { schemaversion: '1', statecontainer: 'tfstate', statekey: stateKey },
  });
}

const stateTag = { terrarium: 'state', env: 'feat-pr-1' };
const featState = (fields: Partial<PolicyObject> = {}) =>
  object('feat/pr-1/terraform.tfstate', { tags: stateTag, ...fields });
const previousOf = (name: string, at: Date): PolicyObject =>
  object(name, { version: 'previous', id: at.toISOString(), createdAt: at, lastModified: at });

/** The ephemeral backstop as main generated it before: no version action, no tag filter. */
const oldBackstop: ManagementPolicyRule = {
  name: 'ephemeral-states-backstop',
  enabled: true,
  type: 'Lifecycle',
  definition: {
    filters: { blobTypes: ['blockBlob'], prefixMatch: ['tfstate/feat/'] },
    actions: {
      baseBlob: { delete: { daysAfterModificationGreaterThan: 30 } },
      snapshot: { delete: { daysAfterCreationGreaterThan: 30 } },
    },
  },
};
const oldVersions: ManagementPolicyRule = {
  name: 'state-versions',
  enabled: true,
  type: 'Lifecycle',
  definition: {
    filters: { blobTypes: ['blockBlob'], prefixMatch: ['tfstate/'] },
    actions: { version: { delete: { daysAfterCreationGreaterThan: 90 } } },
  },
};

describe('simulatePolicy', () => {
  it('shows the old backstop waiting on versions for 90 days, and the new one deleting state and history at 30', () => {
    const blobs = [
      featState({ lastModified: day(2) }),
      previousOf('feat/pr-1/terraform.tfstate', day(1)),
      previousOf('feat/pr-1/terraform.tfstate', day(2)),
      record('feat-pr-1', 'feat/pr-1/terraform.tfstate', day(5).toISOString()),
    ];
    const old = simulatePolicy({ rules: [oldBackstop, oldVersions] }, blobs, day(40));
    const oldState = old.actions.find((a) => a.kind === 'state' && a.version === 'current');
    expect(oldState).toMatchObject({ action: 'keep' });
    expect(oldState?.note).toMatch(
      /delete due 2026-02-02T00:00:00.000Z \(ephemeral-states-backstop\) waits for 2/,
    );

    // It fires only once state-versions has deleted the last version, 90 days after it was written.
    const later = simulatePolicy({ rules: [oldBackstop, oldVersions] }, blobs, day(100));
    expect(later.actions.find((a) => a.kind === 'state' && a.version === 'current')).toMatchObject({
      action: 'delete',
      dueAt: day(92),
      goneAt: day(92),
    });

    const now = simulatePolicy(policy, blobs, day(40));
    const lines = now.actions.map((a) => [a.name, a.version, a.action, a.rule, a.dueAt?.toISOString()]);
    expect(lines).toEqual([
      [
        'feat/pr-1/terraform.tfstate',
        'current',
        'delete',
        'ephemeral-states-backstop',
        day(32).toISOString(),
      ],
      [
        'feat/pr-1/terraform.tfstate',
        'previous',
        'delete',
        'ephemeral-states-history',
        day(31).toISOString(),
      ],
      [
        'feat/pr-1/terraform.tfstate',
        'previous',
        'delete',
        'ephemeral-states-history',
        day(32).toISOString(),
      ],
      ['feat/pr-1/terrarium.json', 'current', 'keep', undefined, undefined],
    ]);
    // The deleted state lives on as a previous version; the history rule deletes it at once.
    expect(now.actions[0]?.goneAt).toEqual(day(32));
    expect(now.liveStatesDeleted).toEqual([]);
  });

  it('flags a state deleted while its record says the environment is alive', () => {
    // Extended to day 33 by a keep label without renewing the state: the backstop fires on day 30.
    const blobs = [featState(), record('feat-pr-1', 'feat/pr-1/terraform.tfstate', day(33).toISOString())];
    const result = simulatePolicy(policy, blobs, day(31));
    expect(result.liveStatesDeleted.map((a) => [a.name, a.dueAt?.toISOString(), a.record])).toEqual([
      [
        'feat/pr-1/terraform.tfstate',
        day(30).toISOString(),
        { envId: 'feat-pr-1', alive: true, expiresAt: day(33).toISOString() },
      ],
    ]);
    // Renewed on day 29 with the extension: nothing alive goes.
    const renewed = simulatePolicy(
      policy,
      [featState({ lastModified: day(29) }), blobs[1] as PolicyObject],
      day(31),
    );
    expect(renewed.liveStatesDeleted).toEqual([]);
    expect(renewed.actions.find((a) => a.kind === 'state')?.action).toBe('keep');
  });

  it('never deletes a record, an untagged state, or a long-lived state', () => {
    const blobs = [
      // Rewritten by terraform outside Terrarium: the overwrite dropped the tag.
      featState({ tags: {} }),
      record('feat-pr-1', 'feat/pr-1/terraform.tfstate', day(3).toISOString()),
      object('dev/terraform.tfstate', { tags: stateTag }),
      record('dev', 'dev/terraform.tfstate', undefined, 'long-lived'),
    ];
    const result = simulatePolicy(policy, blobs, day(400));
    expect(result.actions.filter((a) => a.version === 'current').map((a) => [a.name, a.action])).toEqual([
      ['dev/terraform.tfstate', 'keep'],
      ['dev/terrarium.json', 'keep'],
      ['feat/pr-1/terraform.tfstate', 'keep'],
      ['feat/pr-1/terrarium.json', 'keep'],
    ]);
  });

  it('deletes a 7-day backup and the version it leaves after 7 days, and tiers a kept one by its retention', () => {
    const backup = (env: string, days: number) =>
      object(`backups/${env}/20260101T000000000Z-pre-apply.tfstate`, {
        tags: { terrarium: 'backup', env, 'retention-days': String(days) },
        tier: days >= 30 ? 'Cool' : 'Hot',
      });
    const result = simulatePolicy(policy, [backup('dev', 7), backup('prod', 365)], day(40));
    expect(
      result.actions.map((a) => [a.name.split('/')[1], a.action, a.rule, a.dueAt?.toISOString()]),
    ).toEqual([
      ['dev', 'delete', 'backups-7d', day(7).toISOString()],
      ['prod', 'tierToCold', 'backups-365d', day(30).toISOString()],
    ]);
    expect(result.actions[0]?.goneAt).toEqual(day(7));
    // The policy main had: the deleted backup stayed a previous version until state-versions (90 days).
    const old = simulatePolicy(
      { rules: [policy.rules.find((r) => r.name === 'backups-7d') as ManagementPolicyRule, oldVersions] },
      [backup('dev', 7)],
      day(40),
    );
    expect(old.actions[0]).toMatchObject({
      action: 'delete',
      goneAt: undefined,
      note: /kept as a previous version/,
    });
    expect(
      simulatePolicy({ rules: [oldVersions] }, [previousOf('backups/dev/x.tfstate', T0)], day(91)).actions[0]
        ?.action,
    ).toBe('delete');
  });

  it('deletes snapshots by their own age and keeps the state they belong to until they are gone', () => {
    const snapshot = object('feat/pr-1/terraform.tfstate', {
      version: 'snapshot',
      id: day(20).toISOString(),
      createdAt: day(20),
      tags: {},
    });
    const result = simulatePolicy(
      policy,
      [featState({ versioned: false }), { ...snapshot, versioned: false }],
      day(31),
    );
    expect(result.versioning).toBe(false);
    // The snapshot is 11 days old: the state-snapshots-7d rule deletes it on day 27, the state then goes on day 30.
    expect(
      result.actions.map((a) => [a.version, a.action, a.rule, a.dueAt?.toISOString(), a.goneAt]),
    ).toEqual([
      ['current', 'delete', 'ephemeral-states-backstop', day(30).toISOString(), undefined],
      ['snapshot', 'delete', 'state-snapshots-7d', day(27).toISOString(), undefined],
    ]);
  });
});
