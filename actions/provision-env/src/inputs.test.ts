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

describe('provision-env inputs', () => {
  it('reads one typed object with the documented defaults, paths from the workspace', () => {
    inputs({ environment: 'feat' });
    expect(readInputs({ GITHUB_WORKSPACE: '/ws' })).toEqual({
      configFile: '/ws/environments.yaml',
      environment: 'feat',
      instance: undefined,
      workingDirectory: undefined,
      vars: undefined,
      ttlSeconds: undefined,
      confirm: undefined,
      planOnly: false,
      planHash: undefined,
      lockTimeoutMs: 300_000,
      comment: true,
      deployment: true,
      githubToken: undefined,
    });
  });

  it('parses durations and booleans', () => {
    inputs({
      environment: 'feat',
      ttl: '1h30m',
      'lock-timeout': '0',
      'plan-only': 'True',
      comment: 'false',
      'working-directory': 'infra',
    });
    expect(readInputs({ GITHUB_WORKSPACE: '/ws' })).toMatchObject({
      ttlSeconds: 5400,
      lockTimeoutMs: 0,
      planOnly: true,
      comment: false,
      workingDirectory: '/ws/infra',
    });
  });

  it.each([
    [{}, /input "environment" is required/],
    [{ environment: 'feat', 'plan-only': 'yes' }, /input "plan-only" must be true or false, not "yes"/],
    [{ environment: 'feat', ttl: '3 days' }, /input "ttl": "3 days" is not a duration/],
    [{ environment: 'feat', 'lock-timeout': '-1m' }, /input "lock-timeout"/],
  ])('refuses %j naming the input', (values, message) => {
    inputs(values);
    expect(() => readInputs({ GITHUB_WORKSPACE: '/ws' })).toThrow(ConfigurationError);
    expect(() => readInputs({ GITHUB_WORKSPACE: '/ws' })).toThrow(message);
  });
});
