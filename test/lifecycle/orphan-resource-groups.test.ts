import { type Catalog, parseCatalog, silentLogger } from '@terrarium/core';
import { recordingLogger } from '@terrarium/core/testing';
import { type LifecycleDeps, type StatePort, sweepEnvironments } from '@terrarium/lifecycle';
import { armResourceGroups } from '@terrarium/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArmFake, armClientOptions, fakeCredential, startTlsArmFake } from '../harness/arm-fake.js';
import { catalogYaml } from '../harness/catalog.js';
import { addResourceGroupRoutes } from '../harness/resource-group-routes.js';

const catalog: Catalog = parseCatalog(
  catalogYaml({
    rootModule: 'sample',
    environments: { dev: { kind: 'long-lived' }, feat: { kind: 'ephemeral', ttl: '72h' } },
  }),
  '/tmp/environments.yaml',
);

/** Records as the state store would list them: only feat-pr-1 is alive. */
const state = {
  listRecords: async () => [
    {
      envId: 'feat-pr-1',
      environment: 'feat',
      instance: 'pr-1',
      kind: 'ephemeral' as const,
      status: 'ready' as const,
      expiresAt: '2099-01-01T00:00:00Z',
      pullRequest: undefined,
      updatedAt: new Date().toISOString(),
      runId: undefined,
    },
  ],
} as unknown as StatePort;

describe('orphan resource groups through @azure/arm-resources against the ARM fake', () => {
  let fake: ArmFake;
  let store: ReturnType<typeof addResourceGroupRoutes>;
  let deps: LifecycleDeps;

  beforeAll(async () => {
    fake = await startTlsArmFake();
    store = addResourceGroupRoutes(fake, { pageSize: 2, pollsBeforeDone: 2 });
    store.add('rg-feat-pr-1', { 'terrarium-env-id': 'feat-pr-1' });
    store.add('rg-feat-pr-9', { 'terrarium-env-id': 'feat-pr-9' });
    store.add('rg-feat-pr-10', { 'terrarium-env-id': 'feat-pr-10', owner: 'x' });
    store.add('rg-dev', { 'terrarium-env-id': 'dev' });
    store.add('rg-unrelated', { owner: 'someone' });
    deps = {
      logger: silentLogger,
      state,
      terraform: () => {
        throw new Error('no terraform in this test');
      },
      resourceGroups: armResourceGroups(fakeCredential, fake.subscriptionId, armClientOptions(fake)),
    };
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('lists tagged groups no record owns with one filtered, paginated listing, deleting nothing', async () => {
    const result = await sweepEnvironments(deps, {
      catalog,
      lockTimeoutMs: 0,
      listOrphanResourceGroups: true,
    });
    expect(result.orphans.map((group) => [group.name, group.result]).sort()).toEqual([
      ['rg-feat-pr-10', 'listed'],
      ['rg-feat-pr-9', 'listed'],
    ]);
    const lists = fake.requests.filter(
      (request) => request.method === 'GET' && request.path.endsWith('/resourcegroups'),
    );
    expect(lists[0]?.query.$filter).toBe("tagName eq 'terrarium-env-id'");
    expect(lists.length).toBe(2);
    expect(fake.requests.some((request) => request.method === 'DELETE')).toBe(false);
  });

  it('deletes them when asked, waiting for the long-running delete, and never a long-lived environment', async () => {
    const logger = recordingLogger();
    const result = await sweepEnvironments(
      { ...deps, logger },
      { catalog, lockTimeoutMs: 0, deleteOrphanResourceGroups: true },
    );
    expect(result.orphans.map((group) => group.result)).toEqual(['deleted', 'deleted']);
    expect([...store.groups.keys()].sort()).toEqual(['rg-dev', 'rg-feat-pr-1', 'rg-unrelated']);
    const deletes = fake.requests
      .filter((request) => request.method === 'DELETE')
      .map((request) => request.path);
    expect(deletes.sort()).toEqual([
      `/subscriptions/${fake.subscriptionId}/resourcegroups/rg-feat-pr-10`,
      `/subscriptions/${fake.subscriptionId}/resourcegroups/rg-feat-pr-9`,
    ]);
    expect(
      fake.requests.filter((request) => request.path.includes('/operationresults/')).length,
    ).toBeGreaterThanOrEqual(4);
    expect(
      logger.lines.filter((line) => line.message.includes('deleted orphan resource group')),
    ).toHaveLength(2);
  });
});
