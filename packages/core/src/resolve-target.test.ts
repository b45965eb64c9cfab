import { describe, expect, it } from 'vitest';
import { parseCatalog } from './catalog-parse.js';
import { ConfigurationError } from './errors.js';
import { resolveTarget } from './resolve-target.js';
import type { ResolveRequest } from './target-types.js';

const catalogText = (layout = 'shared-container', container = 'tfstate') => `version: 1
backend:
  storage-account: terrariumdemo
  container: ${container}
  ephemeral-layout: ${layout}
terraform:
  root-module: infra
environments:
  dev: {kind: long-lived}
  stg: {kind: long-lived, safety: enhanced}
  prod: {kind: long-lived, safety: maximum}
  feat: {kind: ephemeral, ttl: 72h, state-tier: Cool}
  perf: {kind: ephemeral, ttl: 6h}
  pr: {kind: ephemeral, ttl: 1d}
`;
const shared = parseCatalog(catalogText(), 'environments.yaml');
const perEnvironment = parseCatalog(catalogText('container-per-environment'), 'environments.yaml');
const longContainer = parseCatalog(
  catalogText('container-per-environment', 'terraform-state-files'),
  'environments.yaml',
);
const now = new Date('2026-11-22T00:00:00.000Z');

describe('resolveTarget', () => {
  it('names a pull request environment', () => {
    const target = resolveTarget(shared, {
      environment: 'feat',
      event: {
        eventName: 'pull_request',
        pullRequest: 123,
        branch: 'feature/login',
        runId: '9876543210',
        commit: 'abc1234',
        repository: 'octo/app',
      },
      now,
    });
    expect(target).toEqual({
      environment: 'feat',
      kind: 'ephemeral',
      safety: 'basic',
      instance: 'pr-123',
      envId: 'feat-pr-123',
      storageAccount: 'terrariumdemo',
      stateContainer: 'tfstate',
      stateKey: 'feat/pr-123/terraform.tfstate',
      stateTier: 'Cool',
      backupRetentionDays: 7,
      slug: 'feat-pr-123',
      resourceGroup: 'rg-feat-pr-123',
      tags: {
        'managed-by': 'terrarium',
        'terrarium-env-id': 'feat-pr-123',
        'terrarium-environment': 'feat',
        'terrarium-kind': 'ephemeral',
        'terrarium-instance': 'pr-123',
        'terrarium-expires-at': '2026-11-25T00:00:00Z',
        'terrarium-pr': '123',
        'terrarium-branch': 'feature/login',
        'terrarium-commit': 'abc1234',
        'terrarium-repository': 'octo/app',
      },
      expiresAt: '2026-11-25T00:00:00Z',
      branch: 'feature/login',
      pullRequest: 123,
      runId: '9876543210',
      commit: 'abc1234',
      variables: {
        environment: 'feat',
        environment_id: 'feat-pr-123',
        instance: 'pr-123',
        branch: 'feature/login',
        pr_number: '123',
        expires_at: '2026-11-25T00:00:00Z',
        tags: expect.objectContaining({ 'terrarium-env-id': 'feat-pr-123' }),
      },
    });
  });

  it('names a long-lived environment without instance or expiry', () => {
    const target = resolveTarget(shared, { environment: 'stg', event: { runId: '42', branch: 'main' }, now });
    expect(target).toMatchObject({
      instance: undefined,
      envId: 'stg',
      stateKey: 'stg/terraform.tfstate',
      stateContainer: 'tfstate',
      safety: 'enhanced',
      backupRetentionDays: 30,
      expiresAt: undefined,
      slug: 'stg',
      resourceGroup: 'rg-stg',
    });
    expect(target.tags).not.toHaveProperty('terrarium-instance');
    expect(target.tags).not.toHaveProperty('terrarium-expires-at');
    expect(target.variables).toEqual({
      environment: 'stg',
      environment_id: 'stg',
      instance: null,
      branch: 'main',
      pr_number: null,
      expires_at: null,
      tags: target.tags,
    });
  });

  it.each<[string, ResolveRequest, Partial<Record<'instance' | 'envId' | 'stateKey' | 'expiresAt', string>>]>(
    [
      [
        'a scheduled run',
        { environment: 'perf', event: { eventName: 'schedule', runId: '9876543210' } },
        {
          instance: 'run-9876543210',
          envId: 'perf-run-9876543210',
          stateKey: 'perf/run-9876543210/terraform.tfstate',
          expiresAt: '2026-11-22T06:00:00Z',
        },
      ],
      [
        'an explicit instance over the event',
        { environment: 'feat', instance: 'demo-1', event: { pullRequest: 5 } },
        {
          instance: 'demo-1',
          stateKey: 'feat/demo-1/terraform.tfstate',
        },
      ],
      [
        'a ttl override',
        { environment: 'feat', instance: 'x', ttlSeconds: 90 },
        { expiresAt: '2026-11-22T00:01:30Z' },
      ],
      [
        'a pull request over a run id',
        { environment: 'feat', event: { pullRequest: 7, runId: '1' } },
        { instance: 'pr-7' },
      ],
    ],
  )('derives names for %s', (_what, request, expected) => {
    expect(resolveTarget(shared, { now, ...request })).toMatchObject(expected);
  });

  it.each([
    ['../prod', 'contains a path separator or ".."'],
    ['a/b', 'contains a path separator'],
    ['a\\b', 'contains a path separator'],
    ['..', 'contains a path separator or ".."'],
    ['', 'is empty'],
    ['   ', 'is empty'],
    ['pr 1', 'contains characters that are not allowed'],
    ['pr-1\n', 'contains characters that are not allowed'],
    ['pr\u00001', 'contains characters that are not allowed'],
    ['PR-1', 'contains characters that are not allowed'],
    ['pr--1', 'contains characters that are not allowed'],
    ['-pr', 'contains characters that are not allowed'],
    ['pr-', 'contains characters that are not allowed'],
    ['pr.1', 'contains characters that are not allowed'],
    ['a'.repeat(41), 'is longer than 40 characters'],
    ['prod', 'would be confused with the environment "prod"'],
    ['stg', 'would be confused with the environment "stg"'],
  ])('refuses the instance %j', (instance, message) => {
    const attempt = () => resolveTarget(shared, { environment: 'feat', instance, now });
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(message);
    expect(attempt).toThrow('use 1-40 lowercase letters, digits and single hyphens');
  });

  it.each([undefined, '', null])('accepts %j as no instance for a long-lived environment', (instance) => {
    const request = { environment: 'dev', instance: instance as string | undefined, now };
    expect(resolveTarget(shared, request).instance).toBeUndefined();
  });

  it('refuses a derived instance that breaks the rules, saying which', () => {
    expect(() => resolveTarget(shared, { environment: 'feat', event: { runId: '12/../34' }, now })).toThrow(
      'instance "run-12/../34" for environment "feat" contains a path separator',
    );
  });

  it('accepts a 40-character instance', () => {
    expect(
      resolveTarget(shared, { environment: 'feat', instance: 'a'.repeat(40), now }).instance,
    ).toHaveLength(40);
  });

  it.each<[string, ResolveRequest, string]>([
    [
      'an instance for a long-lived environment',
      { environment: 'prod', instance: 'pr-1' },
      'environment "prod" is long-lived and has no instances; remove the instance',
    ],
    [
      'an ephemeral environment with nothing to name it by',
      { environment: 'feat', event: { eventName: 'push' } },
      'pass `instance`',
    ],
    [
      'a ttl for a long-lived environment',
      { environment: 'dev', ttlSeconds: 60 },
      'is long-lived and does not expire',
    ],
    [
      'a negative ttl',
      { environment: 'feat', instance: 'x', ttlSeconds: -1 },
      'must be a positive number of seconds',
    ],
    [
      'a NaN ttl',
      { environment: 'feat', instance: 'x', ttlSeconds: Number.NaN },
      'must be a positive number of seconds',
    ],
    ['an unknown environment', { environment: 'prd' }, 'unknown environment "prd"; '],
    ['an environment name used as a path', { environment: '../prod' }, 'unknown environment "../prod"'],
  ])('refuses %s', (_what, request, message) => {
    expect(() => resolveTarget(shared, { now, ...request })).toThrow(ConfigurationError);
    expect(() => resolveTarget(shared, { now, ...request })).toThrow(message);
  });

  it('refuses a ttl given at run time that the storage backstop would outlive, pointing at the catalog', () => {
    // 60 days against the default 30-day backstop: the state would go while the record says alive.
    const attempt = () =>
      resolveTarget(shared, { environment: 'feat', instance: 'x', ttlSeconds: 60 * 86_400, now });
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(
      /^environments.yaml: the ttl given for "feat" \(60 days\) is not shorter than lifecycle.delete-ephemeral-state-after-days \(30 days\)/,
    );
    const set = parseCatalog(
      catalogText().replace(
        'environments:\n',
        'lifecycle:\n  delete-ephemeral-state-after-days: 10\nenvironments:\n',
      ),
      'environments.yaml',
    );
    expect(() =>
      resolveTarget(set, { environment: 'feat', instance: 'x', ttlSeconds: 10 * 86_400, now }),
    ).toThrow(/^environments.yaml:9:38: the ttl given for "feat" \(10 days\)/);
    // One second under the backstop is fine.
    expect(
      resolveTarget(set, { environment: 'feat', instance: 'x', ttlSeconds: 10 * 86_400 - 1, now }).expiresAt,
    ).toBe('2026-12-01T23:59:59Z');
  });

  it('refuses an instance that makes another environment name', () => {
    // `pr` is an environment and `pr-1` would be an instance of it; `feat` with instance `...`
    // cannot become `pr-...`, but `pr` with instance `x` must not become an existing environment.
    const catalog = parseCatalog(
      catalogText().replace(
        '  pr: {kind: ephemeral, ttl: 1d}\n',
        '  pr: {kind: ephemeral, ttl: 1d}\n  qa: {kind: long-lived}\n',
      ),
      'e.yaml',
    );
    expect(resolveTarget(catalog, { environment: 'pr', instance: 'x', now }).envId).toBe('pr-x');
    expect(() => resolveTarget(catalog, { environment: 'pr', instance: 'qa', now })).toThrow(
      'would be confused',
    );
  });

  it('puts each ephemeral environment in its own container in the container-per-environment layout', () => {
    const feat = resolveTarget(perEnvironment, { environment: 'feat', event: { pullRequest: 123 }, now });
    expect(feat.stateContainer).toBe('tfstate-feat-pr-123');
    expect(feat.stateKey).toBe('feat/pr-123/terraform.tfstate');
    // Long-lived environments stay in the shared container.
    expect(resolveTarget(perEnvironment, { environment: 'prod', now }).stateContainer).toBe('tfstate');
    const long = resolveTarget(longContainer, {
      environment: 'perf',
      instance: `run-${'9'.repeat(36)}`,
      now,
    });
    expect(long.stateContainer).toMatch(/^terraform-state-files-perf-run-9+-[0-9a-f]{6}$/);
    expect(long.stateContainer).toHaveLength(63);
  });

  it('sanitises a hostile branch everywhere it goes', () => {
    const branch = 'x/$(rm -rf /)\n../<script>&%?\\\u202e\u0000';
    const target = resolveTarget(shared, { environment: 'feat', instance: 'a', event: { branch }, now });
    expect(target.branch).toMatch(/^x\/\$\(rm -rf \/\)_\.\.\/_script_{7}~[0-9a-f]{6}$/);
    expect(target.tags['terrarium-branch']).toBe(target.branch);
    expect(target.variables.branch).toBe(target.branch);
    expect(target.envId).toBe('feat-a');
  });

  it('leaves out an empty branch', () => {
    const target = resolveTarget(shared, { environment: 'feat', instance: 'a', event: { branch: '' }, now });
    expect(target.branch).toBeUndefined();
    expect(target.tags).not.toHaveProperty('terrarium-branch');
    expect(target.variables.branch).toBeNull();
  });

  it('is deterministic for the same request and clock', () => {
    const request = { environment: 'feat', event: { pullRequest: 9, branch: 'ä/ö' }, now };
    expect(resolveTarget(shared, request)).toEqual(resolveTarget(shared, request));
  });
});
