import { recordingLogger } from '@terrarium/core/testing';
import {
  failureReasonOf,
  type ProvisionResult,
  provisionEnvironment,
  teardownEnvironment,
} from '@terrarium/lifecycle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueContainer } from '../harness/target-factory.js';
import {
  listBackupNames,
  type ResilienceBed,
  readRecordBlob,
  readState,
  realDeps,
  resourceAddresses,
  startResilienceBed,
  waitForApplyLease,
  writeCatalog,
} from './resilience-bed.js';

const SAMPLE_RESOURCES = [
  'terraform_data.app_service',
  'terraform_data.database',
  'terraform_data.resource_group',
];

let bed: ResilienceBed;
beforeAll(async () => {
  bed = await startResilienceBed();
});
afterAll(async () => {
  await bed?.stop();
});

const prEvent = (pullRequest: number, branch = `feature/${pullRequest}`) => ({
  eventName: 'pull_request',
  pullRequest,
  branch,
  runId: String(7000 + pullRequest),
});

describe('concurrent runs against one account', () => {
  it('provisions 10 pull request environments at once with no cross-talk between keys or records', async () => {
    const container = uniqueContainer('conc');
    const catalog = writeCatalog(bed.accountName, container);
    const logger = recordingLogger();
    const deps = realDeps(bed, catalog, { logger });
    const numbers = Array.from({ length: 10 }, (_, index) => 101 + index);
    const results = await Promise.all(
      numbers.map((number) =>
        provisionEnvironment(deps, {
          catalog,
          environment: 'feat',
          event: prEvent(number),
          lockTimeoutMs: 30_000,
          pollIntervalMs: 200,
          run: { id: String(7000 + number) },
        }),
      ),
    );
    const service = bed.directService();
    const lineages = new Set<string>();
    for (const [index, number] of numbers.entries()) {
      const result = results[index] as ProvisionResult;
      expect(result.outcome).toBe('applied');
      expect(result.target.stateKey).toBe(`feat/pr-${number}/terraform.tfstate`);
      const state = await readState(service, result.target);
      expect(resourceAddresses(state)).toEqual(SAMPLE_RESOURCES);
      // Each state holds its own environment: names, branch and PR number from its own run.
      expect(state?.outputs.environment_url?.value).toBe(`https://feat-pr-${number}.example.test`);
      const app = state?.resources.find((resource) => resource.name === 'app_service')?.instances[0] as {
        attributes: { input: { value: { branch: string; pr_number: string } } };
      };
      expect(app.attributes.input.value.branch).toBe(`feature/${number}`);
      expect(app.attributes.input.value.pr_number).toBe(String(number));
      lineages.add(state?.lineage ?? '');
      const record = await readRecordBlob(service, container, result.target);
      expect(record).toMatchObject({
        envId: `feat-pr-${number}`,
        status: 'ready',
        stateKey: `feat/pr-${number}/terraform.tfstate`,
        pullRequest: number,
        lastRunId: String(7000 + number),
        outputs: { environment_url: `https://feat-pr-${number}.example.test` },
      });
    }
    expect(lineages.size).toBe(10);
  });

  it('lets exactly one of two runs for the same environment apply at a time; the other reports state-locked', async () => {
    const container = uniqueContainer('same');
    const catalog = writeCatalog(bed.accountName, container);
    const deps = realDeps(bed, catalog, { logger: recordingLogger() });
    const request = (runId: string, sku: string) => ({
      catalog,
      environment: 'feat',
      event: prEvent(7, 'feature/same'),
      vars: JSON.stringify({ sleep_seconds: 4, app_sku: sku }),
      lockTimeoutMs: 0,
      pollIntervalMs: 100,
      run: { id: runId },
    });
    const first = provisionEnvironment(deps, request('8001', 'B1'));
    // The first run holds the lease while its provisioner sleeps; the second starts inside that window.
    await waitForApplyLease(bed, container, 'feat/pr-7/terraform.tfstate');
    const second = await provisionEnvironment(deps, request('8002', 'P1v3')).then(
      () => 'applied',
      (error: unknown) => ({ reason: failureReasonOf(error), message: (error as Error).message }),
    );
    const winner = await first;
    expect(winner.outcome).toBe('applied');
    expect(second).toMatchObject({ reason: 'state-locked' });
    expect((second as { message: string }).message).toMatch(/lock/i);
    const state = await readState(bed.directService(), winner.target);
    // Only the winner's configuration is in the state: the loser applied nothing.
    const app = state?.resources.find((resource) => resource.name === 'app_service')?.instances[0] as {
      attributes: { input: { value: { sku: string } } };
    };
    expect(app.attributes.input.value.sku).toBe('B1');
    const serialAfterWinner = state?.serial;
    // With a lock timeout, a later run waits for the lease instead and applies after it.
    const third = await provisionEnvironment(deps, {
      ...request('8003', 'P1v3'),
      lockTimeoutMs: 30_000,
      vars: '{"app_sku":"P1v3"}',
    });
    expect(third.outcome).toBe('applied');
    const after = await readState(bed.directService(), winner.target);
    expect(after?.serial).toBeGreaterThan(serialAfterWinner ?? 0);
    const record = await readRecordBlob(bed.directService(), container, winner.target);
    expect(record).toMatchObject({ status: 'ready', lastRunId: '8003' });
  });

  it('races provision and teardown of one environment to a consistent end: up with a record, or gone with a backup', async () => {
    const container = uniqueContainer('race');
    const catalog = writeCatalog(bed.accountName, container);
    const deps = realDeps(bed, catalog, { logger: recordingLogger() });
    const base = { catalog, environment: 'feat', event: prEvent(9, 'feature/race'), pollIntervalMs: 100 };
    await provisionEnvironment(deps, { ...base, lockTimeoutMs: 10_000, run: { id: '9001' } });
    const settled = await Promise.allSettled([
      provisionEnvironment(deps, {
        ...base,
        vars: JSON.stringify({ sleep_seconds: 2, app_sku: 'S1' }),
        lockTimeoutMs: 20_000,
        run: { id: '9002' },
      }),
      teardownEnvironment(deps, { ...base, lockTimeoutMs: 20_000, run: { id: '9003' } }),
    ]);
    const service = bed.directService();
    const target = { stateContainer: container, stateKey: 'feat/pr-9/terraform.tfstate', envId: 'feat-pr-9' };
    const state = await readState(service, target);
    const record = await readRecordBlob(service, container, target);
    const backups = await listBackupNames(service, container, 'feat-pr-9');
    const resources = resourceAddresses(state).length;
    const up = resources === 3 && record?.status === 'ready';
    // Gone: nothing left in the state (terraform may leave an empty state document behind), no record, the final state archived.
    const gone =
      resources === 0 && record === undefined && backups.some((name) => name.endsWith('-final.tfstate'));
    const why = settled.map((entry) =>
      entry.status === 'rejected' ? (entry.reason as Error).message : 'ok',
    );
    expect({ up, gone, why, record: record?.status, resources, backups }).toSatisfy(
      (value: { up: boolean; gone: boolean }) => value.up !== value.gone,
    );
    // Never resources without a record: the sweeper finds environments by their records.
    if (resources > 0) expect(record).toBeDefined();
    // Whichever run lost the race failed cleanly or had nothing left to do; none left a lease behind.
    const properties = await service
      .getContainerClient(container)
      .getBlobClient(target.stateKey)
      .getProperties()
      .catch(() => undefined);
    expect(properties?.leaseState ?? 'available').not.toBe('leased');
  });
});

describe('a teardown that finishes while a provision is starting', () => {
  it('never leaves resources without a record: the provision records what it created', async () => {
    const container = uniqueContainer('orphan');
    const catalog = writeCatalog(bed.accountName, container);
    const base = {
      catalog,
      environment: 'feat',
      event: prEvent(11, 'feature/orphan'),
      lockTimeoutMs: 10_000,
      pollIntervalMs: 100,
    };
    const tearing = realDeps(bed, catalog, { logger: recordingLogger() });
    await provisionEnvironment(tearing, { ...base, run: { id: '1101' } });
    // The provision has taken the record and is about to run terraform when the PR is closed and torn down.
    let release: () => void = () => {};
    const tornDown = new Promise<void>((resolve) => {
      release = resolve;
    });
    let initStarted: () => void = () => {};
    const atInit = new Promise<void>((resolve) => {
      initStarted = resolve;
    });
    const real = realDeps(bed, catalog, { logger: recordingLogger() });
    const provisioning = {
      ...real,
      terraform: (workspace: Parameters<typeof real.terraform>[0]) => {
        const port = real.terraform(workspace);
        return {
          ...port,
          init: async (options: Parameters<typeof port.init>[0]) => {
            initStarted();
            await tornDown;
            return port.init(options);
          },
        };
      },
    };
    const provision = provisionEnvironment(provisioning, { ...base, run: { id: '1102' } }).then(
      (result) => result.outcome,
      (error: unknown) => `failed: ${(error as Error).message}`,
    );
    await atInit;
    const teardown = await teardownEnvironment(tearing, { ...base, run: { id: '1103' } });
    expect(teardown.outcome).toBe('destroyed');
    release();
    const outcome = await provision;
    const service = bed.directService();
    const target = {
      stateContainer: container,
      stateKey: 'feat/pr-11/terraform.tfstate',
      envId: 'feat-pr-11',
    };
    const resources = resourceAddresses(await readState(service, target));
    const record = await readRecordBlob(service, container, target);
    // The provision ran after the teardown and created the environment again; it must be on the books.
    expect({ outcome, resources: resources.length, record: record?.status }).toEqual({
      outcome: 'applied',
      resources: 3,
      record: 'ready',
    });
  });
});
