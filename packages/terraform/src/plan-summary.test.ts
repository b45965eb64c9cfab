import { jsonFixture } from '@terrarium/terraform/testing';
import { describe, expect, it } from 'vitest';
import { summarizePlan } from './plan-summary.js';

describe('summarizePlan on plans captured from terraform', () => {
  it('counts a first apply as three adds and ignores the data source read', () => {
    const summary = summarizePlan(jsonFixture('plan-create.json'));
    expect(summary).toMatchObject({ changed: true, add: 3, change: 0, destroy: 0, replace: 0, forget: 0 });
    expect(summary.addresses.add).toEqual([
      'terraform_data.app_service',
      'terraform_data.database',
      'terraform_data.resource_group',
    ]);
    expect(Object.values(summary.addresses).flat()).not.toContain('data.terraform_remote_state.peer');
    expect(summary.outputChanges.sort()).toEqual([
      'database_connection_string',
      'environment_url',
      'resource_group',
    ]);
  });

  it('reports a no-op plan as unchanged', () => {
    const summary = summarizePlan(jsonFixture('plan-noop.json'));
    expect(summary).toMatchObject({ changed: false, add: 0, change: 0, destroy: 0, replace: 0 });
    expect(summary.outputChanges).toEqual([]);
  });

  it('counts an in-place update', () => {
    const summary = summarizePlan(jsonFixture('plan-update.json'));
    expect(summary).toMatchObject({ changed: true, add: 0, change: 1, destroy: 0, replace: 0 });
    expect(summary.addresses.change).toEqual(['terraform_data.app_service']);
  });

  it('counts delete-then-create as a replacement only, next to updates', () => {
    const summary = summarizePlan(jsonFixture('plan-replace.json'));
    expect(summary).toMatchObject({ changed: true, add: 0, change: 2, destroy: 0, replace: 1 });
    expect(summary.addresses.replace).toEqual(['terraform_data.app_service']);
    expect(summary.outputChanges.sort()).toEqual(['database_connection_string', 'resource_group']);
  });

  it('counts a destroy plan', () => {
    const summary = summarizePlan(jsonFixture('plan-destroy.json'));
    expect(summary).toMatchObject({ changed: true, add: 0, change: 0, destroy: 3, replace: 0 });
  });

  it.each([
    [['create', 'delete'], 'replace'],
    [['delete', 'create'], 'replace'],
    [['forget'], 'forget'],
    [['read'], undefined],
    [['no-op'], undefined],
  ] as const)('maps actions %j to %s', (actions, bucket) => {
    const summary = summarizePlan({ resource_changes: [{ address: 'a.b', change: { actions } }] });
    expect(summary.changed).toBe(bucket !== undefined);
    if (bucket) expect(summary.addresses[bucket]).toEqual(['a.b']);
  });

  it('counts a plan that changes only outputs as changed', () => {
    const summary = summarizePlan({ resource_changes: [], output_changes: { url: { actions: ['update'] } } });
    expect(summary).toMatchObject({ changed: true, add: 0, change: 0, outputChanges: ['url'] });
  });

  it('rejects something that is not plan JSON', () => {
    expect(() => summarizePlan(null)).toThrow(/terraform show -json/);
  });
});
