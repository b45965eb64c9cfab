import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { recordingLogger } from '@terrarium/core/testing';
import {
  failureReasonOf,
  provisionEnvironment,
  sweepEnvironments,
  teardownEnvironment,
} from '@terrarium/lifecycle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubFake } from '../harness/github-fake.js';
import {
  featEnvironment,
  listBackupNames,
  type ResilienceBed,
  readRecordBlob,
  readState,
  realDeps,
  resourceAddresses,
  sampleModule,
  snapshotContainer,
  startResilienceBed,
  waitForProvisioner,
} from './resilience-bed.js';

const ALL = ['terraform_data.app_service', 'terraform_data.database', 'terraform_data.resource_group'];

let bed: ResilienceBed;
beforeAll(async () => {
  bed = await startResilienceBed();
});
afterAll(async () => {
  await bed?.stop();
});

function setup(prefix: string, number: number, maxTries = 1) {
  return featEnvironment(bed, { prefix, number, branch: 'feature/faults', runId: `${number}00`, maxTries });
}

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => ({ ok: true as const, reason: undefined, message: '' }),
    (error: unknown) => ({
      ok: false as const,
      reason: failureReasonOf(error),
      message: (error as Error).message,
    }),
  );

describe('storage faults during provision', () => {
  it('fails at once with the storage error and writes nothing when the account is unreachable from the start', async () => {
    const { container, deps, base } = setup('down', 1);
    bed.faults.outage();
    const result = await outcome(provisionEnvironment(deps, { ...base, run: { id: '100' } })).finally(() =>
      bed.faults.restore(),
    );
    expect(result.ok).toBe(false);
    // Not a user mistake and not a lock: a bug-class failure whose message is the network error.
    expect(result.reason).toBe('internal-error');
    expect(result.message).toMatch(/socket|ECONNRESET|disconnected|hang up/i);
    expect(await snapshotContainer(bed.directService(), container)).toEqual([]);
  });

  it('rides out a storage outage shorter than its retries, and converges', async () => {
    const { deps, base, target, container } = setup('blip', 2, 6);
    // Cut storage as the first request of the run goes out, for about a second.
    let cut = false;
    bed.faults.onRequest(() => {
      if (cut) return;
      cut = true;
      bed.faults.outage();
      setTimeout(() => bed.faults.restore(), 1000);
    });
    const before = bed.faults.faultsInjected;
    const result = await provisionEnvironment(deps, { ...base, run: { id: '200' } });
    expect(bed.faults.faultsInjected).toBeGreaterThan(before);
    expect(result.outcome).toBe('applied');
    expect(resourceAddresses(await readState(bed.directService(), target))).toEqual(ALL);
    expect(await readRecordBlob(bed.directService(), container, target)).toMatchObject({ status: 'ready' });
  });

  it('keeps terraform working when every storage connection is cut in the middle of an apply', async () => {
    const { deps, base, target, container, logger } = setup('midapply', 3);
    const applying = provisionEnvironment(deps, {
      ...base,
      vars: JSON.stringify({ sleep_seconds: 3 }),
      run: { id: '300' },
    });
    await waitForProvisioner(logger);
    // Connections drop while the provisioner sleeps; storage is back before terraform writes.
    bed.faults.outage();
    await new Promise((resolve) => setTimeout(resolve, 800));
    bed.faults.restore();
    const result = await applying;
    expect(result.outcome).toBe('applied');
    const state = await readState(bed.directService(), target);
    expect(resourceAddresses(state)).toEqual(ALL);
    const lease = await bed
      .directService()
      .getContainerClient(container)
      .getBlobClient(target.stateKey)
      .getProperties();
    expect(lease.leaseState).toBe('available');
    expect(await readRecordBlob(bed.directService(), container, target)).toMatchObject({ status: 'ready' });
  });
});

describe('storage faults during teardown', () => {
  it('keeps the record and the backups when the state cannot be deleted, and a second teardown finishes the job', async () => {
    const { deps, base, target, container } = setup('tdel', 4);
    await provisionEnvironment(deps, { ...base, run: { id: '400' } });
    bed.faults.failNext({ method: 'DELETE', path: target.stateKey }, { status: 503, times: 1 });
    const first = await outcome(teardownEnvironment(deps, { ...base, run: { id: '401' } }));
    expect(first.ok).toBe(false);
    const service = bed.directService();
    // Destroy ran, but nothing the run could not finish is gone: the record still says who was at work.
    expect(await readRecordBlob(service, container, target)).toMatchObject({
      status: expect.stringMatching(/destroying|teardown-failed/),
    });
    const backups = await listBackupNames(service, container, target.envId);
    expect(backups.some((name) => name.endsWith('-pre-destroy.tfstate'))).toBe(true);
    expect(backups.some((name) => name.endsWith('-final.tfstate'))).toBe(true);
    expect(await service.getContainerClient(container).getBlobClient(target.stateKey).exists()).toBe(true);
    // The fault has passed; the next teardown converges.
    await teardownEnvironment(deps, { ...base, run: { id: '402' } });
    expect(await readState(service, target)).toBeUndefined();
    expect(await readRecordBlob(service, container, target)).toBeUndefined();
  });

  it('deletes nothing when storage drops during destroy, and a second teardown converges', async () => {
    const { deps, base, target, container } = setup('tdrop', 5);
    await provisionEnvironment(deps, { ...base, run: { id: '500' } });
    // The outage starts when terraform takes the lease for destroy.
    let cut = false;
    bed.faults.onRequest((method, path) => {
      if (cut || method !== 'PUT' || !path.includes(target.stateKey)) return;
      cut = true;
      bed.faults.outage();
      setTimeout(() => bed.faults.restore(), 1500);
    });
    const watching = bed.faults.requests.length;
    const first = await outcome(teardownEnvironment(deps, { ...base, run: { id: '501' } }));
    expect(bed.faults.requests.length).toBeGreaterThan(watching);
    const service = bed.directService();
    if (!first.ok) {
      expect(first.reason).toMatch(/destroy-failed|backup-failed|internal-error|state-locked/);
      // A failed teardown keeps the record and at least the backup taken before destroy.
      expect(await readRecordBlob(service, container, target)).toBeDefined();
      expect((await listBackupNames(service, container, target.envId)).length).toBeGreaterThan(0);
    }
    await new Promise((resolve) => setTimeout(resolve, 1600));
    await teardownEnvironment(deps, { ...base, lockTimeoutMs: 5_000, run: { id: '502' } });
    expect(await readState(service, target)).toBeUndefined();
    expect(await readRecordBlob(service, container, target)).toBeUndefined();
    const backups = await listBackupNames(service, container, target.envId);
    expect(backups.some((name) => name.endsWith('-final.tfstate'))).toBe(true);
  });

  it('keeps the state, the record and a backup when destroy fails on one resource', async () => {
    const { deps, base, target, container } = setup('dfail', 6);
    const vars = JSON.stringify({ fail_on_destroy: true });
    await provisionEnvironment(deps, { ...base, vars, run: { id: '600' } });
    const service = bed.directService();
    const before = await readState(service, target);
    const result = await outcome(teardownEnvironment(deps, { ...base, vars, run: { id: '601' } }));
    expect(result).toMatchObject({ ok: false, reason: 'destroy-failed' });
    expect(result.message).toMatch(/refusing to destroy the database|destroy/);
    const after = await readState(service, target);
    expect(after?.lineage).toBe(before?.lineage);
    // The resource that refused is still in the state; the others went.
    expect(resourceAddresses(after)).toContain('terraform_data.database');
    expect(await readRecordBlob(service, container, target)).toMatchObject({
      status: 'teardown-failed',
      failureReason: 'destroy-failed',
    });
    const backups = await listBackupNames(service, container, target.envId);
    expect(backups.filter((name) => name.endsWith('-pre-destroy.tfstate'))).toHaveLength(1);
    expect(backups.some((name) => name.endsWith('-final.tfstate'))).toBe(false);
    const backup = await service
      .getContainerClient(container)
      .getBlobClient(backups[0] as string)
      .downloadToBuffer();
    expect(resourceAddresses(JSON.parse(backup.toString('utf8')))).toEqual(ALL);
  });
});

describe('storage lost while terraform saves the state', () => {
  it('loses no state: what terraform could not save is pushed once storage is back, and no errored.tfstate is left in the checkout', async () => {
    const { deps, base, target, container, logger } = setup('errored', 7);
    const applying = provisionEnvironment(deps, {
      ...base,
      vars: JSON.stringify({ sleep_seconds: 2 }),
      run: { id: '700' },
    });
    await waitForProvisioner(logger);
    // Storage goes away before the apply ends, so terraform cannot write the state or release its lease...
    bed.faults.outage();
    // ...and comes back a few seconds later, while the run is still going.
    setTimeout(() => bed.faults.restore(), 4_000);
    const result = await outcome(applying);
    bed.faults.restore();

    // The apply is reported as failed (terraform said so), but what it created is in the state.
    expect(
      result,
      logger.lines
        .map((line) => line.message)
        .join('\n')
        .slice(-3000),
    ).toMatchObject({ ok: false });
    expect(result.reason).toBe('apply-failed');
    const service = bed.directService();
    expect(resourceAddresses(await readState(service, target))).toEqual(ALL);
    expect(existsSync(join(sampleModule(), 'errored.tfstate'))).toBe(false);
    expect(logger.lines.some((line) => /pushed the state terraform could not save/i.test(line.message))).toBe(
      true,
    );
    // The lease terraform could not release is gone, and the next run converges with nothing to create.
    const lease = await service.getContainerClient(container).getBlobClient(target.stateKey).getProperties();
    expect(lease.leaseState).toBe('available');
    const next = await provisionEnvironment(deps, { ...base, run: { id: '701' } });
    expect(next.plan.add).toBe(0);
    expect(await readRecordBlob(service, container, target)).toMatchObject({ status: 'ready' });
  });
});

describe('storage lost while terraform saves the state after destroy', () => {
  it('pushes the emptied state once storage is back, deletes nothing, and the next teardown finishes', async () => {
    const { deps, base, target, container } = setup('errdestroy', 8);
    await provisionEnvironment(deps, { ...base, run: { id: '800' } });
    let armed = true;
    bed.faults.onRequest((method) => {
      const last = bed.faults.requests.at(-1) ?? '';
      // The state write itself (not a lease or metadata call): storage drops exactly as destroy saves.
      if (!armed || method !== 'PUT' || !last.includes(target.stateKey) || last.includes('comp=')) return;
      armed = false;
      bed.faults.outage();
      setTimeout(() => bed.faults.restore(), 3_000);
    });
    const first = await outcome(teardownEnvironment(deps, { ...base, run: { id: '801' } }));
    bed.faults.restore();
    expect(armed).toBe(false);
    expect(first).toMatchObject({ ok: false, reason: 'destroy-failed' });
    const service = bed.directService();
    const state = await readState(service, target);
    // What destroy did is recorded: the pushed state is empty, and it is still there (not deleted).
    expect(state?.resources ?? []).toEqual([]);
    expect(await service.getContainerClient(container).getBlobClient(target.stateKey).exists()).toBe(true);
    expect(existsSync(join(sampleModule(), 'errored.tfstate'))).toBe(false);
    expect(await readRecordBlob(service, container, target)).toMatchObject({ status: 'teardown-failed' });
    await teardownEnvironment(deps, { ...base, run: { id: '802' } });
    expect(await readRecordBlob(service, container, target)).toBeUndefined();
    expect(await service.getContainerClient(container).getBlobClient(target.stateKey).exists()).toBe(false);
    expect(
      (await listBackupNames(service, container, target.envId)).some((name) =>
        name.endsWith('-final.tfstate'),
      ),
    ).toBe(true);
  });
});

describe('storage lost while a sweep tears two environments down side by side', () => {
  it('loses neither state: each teardown saves from its own working copy, and a second sweep finishes', async () => {
    const first = setup('sweeppair', 10);
    const { deps, catalog, container } = first;
    const second = featEnvironment(bed, {
      prefix: 'unused',
      number: 11,
      branch: 'feature/faults',
      runId: '1100',
    });
    const targets = [first.target, { ...second.target, stateContainer: container }];
    for (const [index, number] of [10, 11].entries()) {
      await provisionEnvironment(deps, {
        ...first.base,
        event: { ...first.base.event, pullRequest: number, runId: `${number}00` },
        ttlSeconds: 1,
        run: { id: `${number}00` },
      });
      expect(
        resourceAddresses(await readState(bed.directService(), targets[index] as typeof first.target)),
      ).toEqual(ALL);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    let armed = true;
    bed.faults.onRequest((method) => {
      const last = bed.faults.requests.at(-1) ?? '';
      // The first state write of either destroy: storage drops while both are saving what they did.
      const isStateWrite =
        targets.some((target) => last.includes(target.stateKey)) && !last.includes('comp=');
      if (!armed || method !== 'PUT' || !isStateWrite) return;
      armed = false;
      bed.faults.outage();
      setTimeout(() => bed.faults.restore(), 3_000);
    });
    const swept = await sweepEnvironments(deps, {
      catalog,
      concurrency: 2,
      lockTimeoutMs: 10_000,
      pollIntervalMs: 100,
    });
    bed.faults.restore();
    expect(armed).toBe(false);
    expect(swept.items.map((item) => item.envId).sort()).toEqual(['feat-pr-10', 'feat-pr-11']);
    const service = bed.directService();
    const messages = first.logger.lines.map((line) => line.message);
    // Which destroys lost their save depends on timing (in practice both); every one of them was
    // pushed back, none failed to be: with one shared folder, one file overwrote the other.
    const lost = targets.filter((target) =>
      messages.some((message) =>
        message.startsWith(`terraform could not save the state of ${target.envId} `),
      ),
    );
    expect(lost.length, messages.join('\n').slice(-3000)).toBeGreaterThan(0);
    expect(messages.filter((message) => message.includes('pushing it again failed'))).toEqual([]);
    for (const target of lost) {
      expect(
        messages.some((message) =>
          message.startsWith(`Pushed the state terraform could not save to ${target.stateKey} `),
        ),
      ).toBe(true);
      // What destroy did is recorded: the pushed state is empty.
      expect((await readState(service, target))?.resources ?? []).toEqual([]);
    }
    const beside = readdirSync(dirname(sampleModule()));
    expect(beside.filter((entry) => entry.startsWith('.terrarium-'))).toEqual([]);
    expect(existsSync(join(sampleModule(), 'errored.tfstate'))).toBe(false);

    const again = await sweepEnvironments(deps, {
      catalog,
      concurrency: 2,
      lockTimeoutMs: 10_000,
      pollIntervalMs: 100,
    });
    expect(
      again.failed,
      JSON.stringify(again.items) +
        first.logger.lines
          .map((line) => line.message)
          .join('\n')
          .slice(-6000),
    ).toEqual([]);
    for (const target of targets) {
      expect(await readRecordBlob(service, container, target)).toBeUndefined();
      expect(await service.getContainerClient(container).getBlobClient(target.stateKey).exists()).toBe(false);
    }
  });
});

describe('a lease whose answer was lost', () => {
  it('is broken by the next teardown once the failed run is finished, and nothing is deleted before', async () => {
    const { deps, base, target, container } = setup('lostlease', 9);
    await provisionEnvironment(deps, { ...base, run: { id: '900' } });
    // Storage grants terraform's lease for destroy, but the answer never arrives.
    bed.faults.failNext(
      { method: 'PUT', path: target.stateKey, query: 'comp=lease' },
      { dropResponse: true },
    );
    const first = await outcome(teardownEnvironment(deps, { ...base, run: { id: '901' } }));
    expect(first.ok).toBe(false);
    const service = bed.directService();
    const blob = service.getContainerClient(container).getBlobClient(target.stateKey);
    expect((await blob.getProperties()).leaseState).toBe('leased');
    expect(resourceAddresses(await readState(service, target))).toEqual(ALL);
    expect(await readRecordBlob(service, container, target)).toMatchObject({
      status: 'teardown-failed',
      lastRunId: '901',
    });
    // While that run is still going, its lease is respected.
    const github = await startGitHubFake();
    try {
      const withGitHub = realDeps(bed, base.catalog, { logger: recordingLogger(), github });
      github.setWorkflowRun(901, { status: 'in_progress' });
      const waiting = await outcome(
        teardownEnvironment(withGitHub, { ...base, lockTimeoutMs: 500, run: { id: '902' } }),
      );
      expect(waiting).toMatchObject({ ok: false, reason: 'state-locked' });
      expect(resourceAddresses(await readState(service, target))).toEqual(ALL);
      // Once it has finished, the next teardown breaks the lease it left and converges.
      github.setWorkflowRun(901, { status: 'completed', conclusion: 'failure' });
      await teardownEnvironment(withGitHub, { ...base, run: { id: '903' } });
    } finally {
      await github.stop();
    }
    expect(await blob.exists()).toBe(false);
    expect(await readRecordBlob(service, container, target)).toBeUndefined();
  });
});

describe('storage lost just after terraform saved the state, as it releases its lease', () => {
  it('releases the lease its own terraform left, so the next sweep need not wait for it', async () => {
    const { deps, base, target, container, catalog } = setup('lostunlock', 12);
    await provisionEnvironment(deps, { ...base, ttlSeconds: 1, run: { id: '1200' } });
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    let saved = false;
    bed.faults.onRequest((method) => {
      const last = bed.faults.requests.at(-1) ?? '';
      if (saved || method !== 'PUT' || !last.includes(target.stateKey) || last.includes('comp=')) return;
      // The destroyed state is written; every lease call after it (terraform's release) is lost
      // for a while, the way a network blip at the end of a destroy loses it.
      saved = true;
      bed.faults.failNext(
        { method: 'PUT', path: target.stateKey, query: 'comp=lease' },
        { reset: true, times: 50 },
      );
      setTimeout(() => bed.faults.clearRules(), 3_000);
    });
    const first = await sweepEnvironments(deps, {
      catalog,
      concurrency: 2,
      lockTimeoutMs: 2_000,
      pollIntervalMs: 100,
    });
    bed.faults.clearRules();
    expect(saved).toBe(true);
    const service = bed.directService();
    const blob = service.getContainerClient(container).getBlobClient(target.stateKey);
    if (first.failed.length > 0) {
      // The run that left the lease behind releases it before it ends: nobody else could prove it stale.
      expect((await blob.getProperties()).leaseState).toBe('available');
    }
    const again = await sweepEnvironments(deps, {
      catalog,
      concurrency: 2,
      lockTimeoutMs: 2_000,
      pollIntervalMs: 100,
    });
    expect(again.failed).toEqual([]);
    expect(await readRecordBlob(service, container, target)).toBeUndefined();
    expect(await blob.exists()).toBe(false);
  });
});
