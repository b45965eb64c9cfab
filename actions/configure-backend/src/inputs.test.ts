import { isConfigurationError } from '@terrarium/core';
import { afterEach, describe, expect, it } from 'vitest';
import { readInputs } from './inputs.js';

const NAMES = ['CONFIG', 'ENVIRONMENT', 'INSTANCE', 'WORKING-DIRECTORY', 'BOOTSTRAP'];

function withInputs(inputs: Record<string, string>): void {
  for (const name of NAMES) delete process.env[`INPUT_${name}`];
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value;
}

describe('readInputs', () => {
  afterEach(() => withInputs({}));
  const env = { GITHUB_WORKSPACE: '/home/runner/work/repo/repo' };

  it('fills the defaults and resolves paths against the workspace', () => {
    withInputs({ environment: ' feat ' });
    expect(readInputs(env)).toEqual({
      configFile: '/home/runner/work/repo/repo/environments.yaml',
      environment: 'feat',
      instance: undefined,
      workingDirectory: undefined,
      bootstrap: true,
    });
  });

  it('takes every input as given', () => {
    withInputs({
      config: 'infra/catalog.yaml',
      environment: 'perf',
      instance: 'run-42',
      'working-directory': 'infra/perf',
      bootstrap: 'False',
    });
    expect(readInputs(env)).toEqual({
      configFile: '/home/runner/work/repo/repo/infra/catalog.yaml',
      environment: 'perf',
      instance: 'run-42',
      workingDirectory: '/home/runner/work/repo/repo/infra/perf',
      bootstrap: false,
    });
  });

  it.each([
    [{}, 'input "environment" is required'],
    [{ environment: '   ' }, 'input "environment" is required'],
    [{ environment: 'dev', bootstrap: 'yes' }, 'input "bootstrap" must be true or false, not "yes"'],
  ])('%j is a configuration error: %s', (inputs, message) => {
    withInputs(inputs);
    let error: unknown;
    try {
      readInputs(env);
    } catch (thrown) {
      error = thrown;
    }
    expect(isConfigurationError(error)).toBe(true);
    expect((error as Error).message).toContain(message);
  });
});
