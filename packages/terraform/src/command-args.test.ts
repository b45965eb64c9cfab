import { ConfigurationError } from '@terrarium/core';
import { describe, expect, it } from 'vitest';
import {
  backendConfigArgs,
  lockTimeoutArgs,
  positionalPath,
  redactArgs,
  varFileArgs,
} from './command-args.js';

describe('command arguments', () => {
  it('makes one -backend-config argument per pair, values untouched', () => {
    expect(
      backendConfigArgs({ storage_account_name: 'st', container_name: 'tfstate', key: 'feat/pr-1 "x"; rm' }),
    ).toEqual([
      '-backend-config=storage_account_name=st',
      '-backend-config=container_name=tfstate',
      '-backend-config=key=feat/pr-1 "x"; rm',
    ]);
    expect(backendConfigArgs(undefined)).toEqual([]);
  });

  it.each(['Key', 'a=b', '-x', ''])('refuses backend key %j with a ConfigurationError', (key) => {
    expect(() => backendConfigArgs({ [key]: 'v' })).toThrow(ConfigurationError);
  });

  it.each([
    ['0s', ['-lock-timeout=0s']],
    ['30s', ['-lock-timeout=30s']],
    ['5m', ['-lock-timeout=5m']],
    [undefined, []],
  ] as const)('lock timeout %s', (timeout, args) => {
    expect(lockTimeoutArgs(timeout)).toEqual(args);
  });

  it.each(['5 minutes', '-1s', '30'])('refuses lock timeout %j, saying how to write one', (timeout) => {
    expect(() => lockTimeoutArgs(timeout)).toThrow(/write it like 0s, 30s or 5m/);
  });

  it('passes var files and refuses a positional path that looks like a flag', () => {
    expect(varFileArgs(['a.tfvars', 'b.tfvars.json'])).toEqual([
      '-var-file=a.tfvars',
      '-var-file=b.tfvars.json',
    ]);
    expect(positionalPath('plan.tfplan', 'plan file')).toBe('plan.tfplan');
    expect(() => positionalPath('-destroy', 'plan file')).toThrow(ConfigurationError);
  });

  it('hides secret backend settings but keeps the state key visible', () => {
    expect(
      redactArgs([
        'init',
        '-backend-config=access_key=c2VjcmV0',
        '-backend-config=sas_token=sv=2020&sig=abc',
        '-backend-config=key=feat/pr-1/terraform.tfstate',
      ]),
    ).toEqual([
      'init',
      '-backend-config=access_key=***',
      '-backend-config=sas_token=***',
      '-backend-config=key=feat/pr-1/terraform.tfstate',
    ]);
  });
});
