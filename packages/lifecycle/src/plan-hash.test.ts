import { describe, expect, it } from 'vitest';
import { planHash, sameHash } from './plan-hash.js';

const plan = {
  format_version: '1.2',
  terraform_version: '1.11.0',
  timestamp: '2026-11-22T00:00:00Z',
  prior_state: { serial: 3, lineage: 'a' },
  resource_changes: [
    {
      address: 'terraform_data.b',
      type: 'terraform_data',
      name: 'b',
      change: { actions: ['create'], after: { input: 1 } },
    },
    {
      address: 'terraform_data.a',
      type: 'terraform_data',
      name: 'a',
      change: { actions: ['no-op'], before: {}, after: {} },
    },
  ],
  output_changes: { url: { actions: ['create'], after: 'https://x' } },
};

describe('planHash', () => {
  it('ignores what differs between two plans of the same change', () => {
    const again = {
      ...plan,
      terraform_version: '1.11.4',
      timestamp: '2026-11-23T10:00:00Z',
      prior_state: { serial: 4, lineage: 'b' },
      variables: { expires_at: { value: 'later' } },
      resource_changes: [...plan.resource_changes]
        .reverse()
        .map((rc) => ({ change: rc.change, name: rc.name, type: rc.type, address: rc.address })),
    };
    expect(planHash(again)).toBe(planHash(plan));
  });

  it.each([
    [
      'a changed attribute',
      {
        resource_changes: [
          { ...plan.resource_changes[0], change: { actions: ['create'], after: { input: 2 } } },
          plan.resource_changes[1],
        ],
      },
    ],
    [
      'a different action',
      {
        resource_changes: [
          { ...plan.resource_changes[0], change: { actions: ['delete', 'create'], after: { input: 1 } } },
          plan.resource_changes[1],
        ],
      },
    ],
    ['a changed output', { output_changes: { url: { actions: ['create'], after: 'https://y' } } }],
    ['one resource fewer', { resource_changes: [plan.resource_changes[0]] }],
  ])('changes with %s', (_what, change) => {
    expect(planHash({ ...plan, ...change })).not.toBe(planHash(plan));
  });

  it('names its algorithm and compares without caring for prefix or case', () => {
    const hash = planHash(plan);
    expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(sameHash(hash, hash.slice('sha256:'.length).toUpperCase())).toBe(true);
    expect(sameHash(hash, 'sha256:00')).toBe(false);
  });
});
