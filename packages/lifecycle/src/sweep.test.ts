import { prEvent, testBed } from '@terrarium/lifecycle/testing';
import { describe, expect, it } from 'vitest';
import { provisionEnvironment } from './provision.js';
import { sweepEnvironments } from './sweep.js';

const base = { lockTimeoutMs: 60_000 };
const HOUR = 3600_000;

async function bedWith(prs: number[], perfRuns: string[] = []) {
  const bed = testBed();
  for (const pr of prs)
    await provisionEnvironment(bed.deps, {
      ...base,
      catalog: bed.catalog,
      environment: 'feat',
      event: prEvent(pr),
    });
  for (const runId of perfRuns)
    await provisionEnvironment(bed.deps, {
      ...base,
      catalog: bed.catalog,
      environment: 'perf',
      event: { eventName: 'schedule', runId },
    });
  bed.journal.calls.length = 0;
  return bed;
}

const ids = (bed: Awaited<ReturnType<typeof bedWith>>) =>
  [...bed.state.records.values()].map((record) => record.envId).sort();

describe('sweepEnvironments', () => {
  it('tears down expired environments and those whose pull request closed, and leaves live ones', async () => {
    const bed = await bedWith([1, 2], ['700']);
    bed.github.openPulls = [{ number: 1, labels: [] }];
    bed.clock.advance(7 * HOUR);
    const result = await sweepEnvironments(bed.deps, { ...base, catalog: bed.catalog });
    expect(result.items.map((item) => [item.envId, item.reason, item.result]).sort()).toEqual([
      ['feat-pr-2', 'pull-request-closed', 'destroyed'],
      ['perf-run-700', 'expired', 'destroyed'],
    ]);
    expect(result.destroyed.sort()).toEqual(['feat-pr-2', 'perf-run-700']);
    expect(ids(bed)).toEqual(['feat-pr-1']);
    expect(bed.journal.calls.filter((call) => call === 'github.openPullRequests')).toHaveLength(1);
  });

  it('goes by expiry alone when GitHub cannot list pull requests', async () => {
    const bed = await bedWith([31, 32]);
    bed.github.openPullRequests = async () => {
      throw new Error('GitHub API answered 502');
    };
    const key = 'tfstate/feat/pr-31/terraform.tfstate';
    const record = bed.state.records.get(key);
    if (record) bed.state.records.set(key, { ...record, expiresAt: '2026-11-21T00:00:00Z' });
    const result = await sweepEnvironments(bed.deps, { ...base, catalog: bed.catalog });
    expect(result.items.map((item) => [item.envId, item.reason, item.result])).toEqual([
      ['feat-pr-31', 'expired', 'destroyed'],
    ]);
    expect(bed.logger.lines.some((line) => line.level === 'warning' && line.message.includes('502'))).toBe(
      true,
    );
  });

  it('extends an expired environment whose pull request carries the keep label', async () => {
    const bed = await bedWith([3]);
    bed.github.openPulls = [{ number: 3, labels: ['bug', 'keep-env'] }];
    bed.clock.advance(73 * HOUR);
    const result = await sweepEnvironments(bed.deps, { ...base, catalog: bed.catalog });
    expect(result.items).toEqual([
      expect.objectContaining({ envId: 'feat-pr-3', result: 'extended', expiresAt: '2026-11-28T01:00:00Z' }),
    ]);
    expect([...bed.state.records.values()][0]).toMatchObject({
      status: 'ready',
      expiresAt: '2026-11-28T01:00:00Z',
    });
    expect(bed.journal.calls).not.toContain('terraform.destroy');
  });

  it('renews the state with the extension, so the storage backstop counts from the extension', async () => {
    const bed = await bedWith([4]);
    bed.github.openPulls = [{ number: 4, labels: ['keep-env'] }];
    bed.clock.advance(28 * 24 * HOUR);
    await sweepEnvironments(bed.deps, { ...base, catalog: bed.catalog });
    expect(bed.journal.calls.filter((call) => call.startsWith('state.renewState'))).toHaveLength(1);
    expect(bed.state.modified.get('tfstate/feat/pr-4/terraform.tfstate')).toEqual(bed.clock.now());
    expect([...bed.state.records.values()][0]?.expiresAt).toBe('2026-12-23T00:00:00Z');
  });

  it('holds the expiry at what the last change covers when terraform has the state locked, and says so', async () => {
    const bed = await bedWith([5]);
    bed.github.openPulls = [{ number: 5, labels: ['keep-env'] }];
    const key = 'tfstate/feat/pr-5/terraform.tfstate';
    // Last changed at the start; 29 days later an operator's terraform holds the lease.
    bed.state.modified.set(key, new Date(bed.clock.now()));
    bed.clock.advance(29 * 24 * HOUR);
    bed.state.leases.set(key, {
      id: 'l-1',
      operation: 'OperationTypeApply',
      who: 'me@laptop',
      created: undefined,
      path: key,
    });
    const result = await sweepEnvironments(bed.deps, { ...base, catalog: bed.catalog });
    // 30 days after the last change (the backstop), not 29 days + 72h.
    expect(result.items[0]).toMatchObject({ result: 'extended', expiresAt: '2026-12-22T00:00:00Z' });
    expect([...bed.state.records.values()][0]?.expiresAt).toBe('2026-12-22T00:00:00Z');
    expect(bed.logger.lines.map((line) => line.message).join('\n')).toMatch(
      /state of feat-pr-5 is locked, so it could not be renewed: its expiry is held at 2026-12-22T00:00:00Z instead of 2026-12-24T00:00:00Z/,
    );
  });

  it('never touches a long-lived environment, whatever its record says', async () => {
    const bed = testBed();
    await provisionEnvironment(bed.deps, { ...base, catalog: bed.catalog, environment: 'dev' });
    const key = 'tfstate/dev/terraform.tfstate';
    const record = bed.state.records.get(key);
    if (record)
      bed.state.records.set(key, {
        ...record,
        kind: 'ephemeral',
        expiresAt: '2020-01-01T00:00:00Z',
        status: 'provisioning',
        pullRequest: 5,
      });
    bed.clock.advance(30 * 24 * HOUR);
    const result = await sweepEnvironments(bed.deps, { ...base, catalog: bed.catalog });
    expect(result.items).toEqual([]);
    expect(bed.state.records.has(key)).toBe(true);
  });

  it('treats a record left in provisioning longer than the bound as abandoned', async () => {
    const bed = await bedWith([4, 5]);
    bed.github.openPulls = [
      { number: 4, labels: [] },
      { number: 5, labels: [] },
    ];
    const key = 'tfstate/feat/pr-4/terraform.tfstate';
    const record = bed.state.records.get(key);
    if (record) bed.state.records.set(key, { ...record, status: 'provisioning' });
    bed.clock.advance(6 * HOUR + 1);
    const result = await sweepEnvironments(bed.deps, { ...base, catalog: bed.catalog });
    expect(result.items.map((item) => [item.envId, item.reason])).toEqual([
      ['feat-pr-4', 'stuck-provisioning'],
    ]);
  });

  it('only lists what it would do in a dry run', async () => {
    const bed = await bedWith([6, 7]);
    bed.github.openPulls = [{ number: 7, labels: ['keep-env'] }];
    bed.clock.advance(73 * HOUR);
    const result = await sweepEnvironments(bed.deps, { ...base, catalog: bed.catalog, dryRun: true });
    expect(result.items.map((item) => [item.envId, item.result]).sort()).toEqual([
      ['feat-pr-6', 'would-destroy'],
      ['feat-pr-7', 'would-extend'],
    ]);
    expect(ids(bed)).toEqual(['feat-pr-6', 'feat-pr-7']);
    expect(bed.journal.calls).toEqual(['state.listRecords', 'github.openPullRequests']);
  });

  it('tears down with bounded concurrency and reports failures apart', async () => {
    const bed = await bedWith([11, 12, 13, 14, 15]);
    bed.github.openPulls = [];
    let inFlight = 0;
    let most = 0;
    const real = bed.deps.terraform;
    bed.deps.terraform = (workspace) => {
      const port = real(workspace);
      let backend = '';
      return {
        ...port,
        init: async (options) => {
          backend = options.backendConfigFile;
          return port.init(options);
        },
        destroy: async (options) => {
          inFlight += 1;
          most = Math.max(most, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 20));
          inFlight -= 1;
          if (backend.includes('pr-13')) throw new Error('boom');
          return port.destroy(options);
        },
      };
    };
    const result = await sweepEnvironments(bed.deps, { ...base, catalog: bed.catalog, concurrency: 2 });
    expect(most).toBe(2);
    expect(result.destroyed).toHaveLength(4);
    expect(result.failed).toHaveLength(1);
    expect(result.items.find((item) => item.result === 'failed')).toMatchObject({
      failureReason: 'destroy-failed',
    });
  });

  it('finds resource groups tagged by Terrarium that no record owns, and deletes them only when asked', async () => {
    const bed = await bedWith([21]);
    bed.github.openPulls = [{ number: 21, labels: [] }];
    bed.resourceGroups.groups = [
      { name: 'rg-feat-pr-21', envId: 'feat-pr-21' },
      { name: 'rg-feat-pr-99', envId: 'feat-pr-99' },
      { name: 'rg-dev', envId: 'dev' },
    ];
    const listed = await sweepEnvironments(bed.deps, {
      ...base,
      catalog: bed.catalog,
      listOrphanResourceGroups: true,
    });
    expect(listed.orphans).toEqual([{ name: 'rg-feat-pr-99', envId: 'feat-pr-99', result: 'listed' }]);
    expect(bed.resourceGroups.deleted).toEqual([]);
    const dry = await sweepEnvironments(bed.deps, {
      ...base,
      catalog: bed.catalog,
      deleteOrphanResourceGroups: true,
      dryRun: true,
    });
    expect(dry.orphans[0]?.result).toBe('would-delete');
    const deleted = await sweepEnvironments(bed.deps, {
      ...base,
      catalog: bed.catalog,
      deleteOrphanResourceGroups: true,
    });
    expect(deleted.orphans[0]?.result).toBe('deleted');
    expect(bed.resourceGroups.deleted).toEqual(['rg-feat-pr-99']);
  });
});
