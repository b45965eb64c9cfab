import { ConfigurationError } from '@terrarium/core';
import { afterEach, describe, expect, it } from 'vitest';
import { readInputs } from './inputs.js';

const set: string[] = [];
function inputs(values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) {
    const key = `INPUT_${name.toUpperCase()}`;
    process.env[key] = value;
    set.push(key);
  }
}
afterEach(() => {
  for (const key of set.splice(0)) delete process.env[key];
});

describe('teardown-env inputs', () => {
  it('needs no environment in sweep mode and reads its knobs', () => {
    inputs({ mode: 'sweep', concurrency: '8', 'dry-run': 'true', 'delete-orphan-resource-groups': 'true' });
    expect(readInputs({ GITHUB_WORKSPACE: '/ws' })).toMatchObject({
      mode: 'sweep',
      environment: undefined,
      concurrency: 8,
      dryRun: true,
      deleteOrphanResourceGroups: true,
      keepLabel: 'keep-env',
      allowLongLived: false,
    });
  });

  it.each([
    [{}, /input "environment" is required when mode is "env"/],
    [{ mode: 'all' }, /input "mode" must be "env" .* or "sweep"/],
    [{ mode: 'sweep', concurrency: '0' }, /input "concurrency" must be a whole number from 1 to 32, not "0"/],
    [{ mode: 'sweep', concurrency: 'four' }, /input "concurrency"/],
    [{ environment: 'dev', 'allow-long-lived': 'sure' }, /input "allow-long-lived" must be true or false/],
  ])('refuses %j naming the input', (values, message) => {
    inputs(values);
    expect(() => readInputs({ GITHUB_WORKSPACE: '/ws' })).toThrow(ConfigurationError);
    expect(() => readInputs({ GITHUB_WORKSPACE: '/ws' })).toThrow(message);
  });
});
