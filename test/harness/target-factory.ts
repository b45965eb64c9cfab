import type { BackendSpec, Target } from '@terrarium/core';
import { TEST_ACCOUNT } from './azurite.js';

/** Targets built by hand, as resolveTarget would name them, so these tests do not wait on it. */
export function backendSpec(container: string, overrides: Partial<BackendSpec> = {}): BackendSpec {
  return {
    storageAccount: TEST_ACCOUNT,
    resourceGroup: undefined,
    subscriptionId: undefined,
    container,
    ephemeralLayout: 'shared-container',
    ...overrides,
  };
}

export function ephemeralTarget(
  container: string,
  environment: string,
  instance: string,
  overrides: Partial<Target> = {},
): Target {
  const envId = `${environment}-${instance}`;
  const pr = /^pr-(\d+)$/.exec(instance)?.[1];
  return {
    environment,
    kind: 'ephemeral',
    safety: 'basic',
    instance,
    envId,
    storageAccount: TEST_ACCOUNT,
    stateContainer: container,
    stateKey: `${environment}/${instance}/terraform.tfstate`,
    stateTier: 'Hot',
    backupRetentionDays: 7,
    slug: envId,
    resourceGroup: `rg-${envId}`,
    tags: { 'terrarium-env-id': envId, 'terrarium-environment': environment },
    expiresAt: new Date(Date.now() + 24 * 3_600_000).toISOString(),
    branch: `feature/${instance}`,
    pullRequest: pr ? Number(pr) : undefined,
    runId: undefined,
    commit: '0123456789abcdef0123456789abcdef01234567',
    variables: {},
    ...overrides,
  };
}

export function longLivedTarget(
  container: string,
  environment: string,
  overrides: Partial<Target> = {},
): Target {
  return {
    ...ephemeralTarget(container, environment, 'x'),
    kind: 'long-lived',
    safety: 'enhanced',
    instance: undefined,
    envId: environment,
    slug: environment,
    stateKey: `${environment}/terraform.tfstate`,
    resourceGroup: `rg-${environment}`,
    expiresAt: undefined,
    branch: 'main',
    pullRequest: undefined,
    ...overrides,
  };
}

let counter = 0;
/** A container name no other test uses. */
export function uniqueContainer(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`.slice(0, 63);
}
