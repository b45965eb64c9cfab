import { ConfigurationError, resolveTarget } from '@terrarium/core';
import { recordingLogger } from '@terrarium/core/testing';
import {
  failureReasonOf,
  provisionEnvironment,
  sweepEnvironments,
  teardownEnvironment,
} from '@terrarium/lifecycle';
import { listBackups, recordBlobName, restoreState } from '@terrarium/state';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueContainer } from '../harness/target-factory.js';
import {
  type ResilienceBed,
  readRecordBlob,
  readState,
  realDeps,
  resourceAddresses,
  snapshotContainer,
  startResilienceBed,
  writeCatalog,
} from './resilience-bed.js';

let bed: ResilienceBed;
beforeAll(async () => {
  bed = await startResilienceBed();
});
afterAll(async () => {
  await bed?.stop();
});

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => ({ reason: failureReasonOf(error), message: (error as Error).message, error }),
  );

describe('long-lived environments change only on purpose', () => {
  it('never applies to stg or prod without their confirmation: state serial, record and listing unchanged', async () => {
    const container = uniqueContainer('guard');
    const catalog = writeCatalog(bed.accountName, container);
    const deps = realDeps(bed, catalog, { logger: recordingLogger() });
    const service = bed.directService();
    const stg = await provisionEnvironment(deps, {
      catalog,
      environment: 'stg',
      confirm: 'stg',
      lockTimeoutMs: 5_000,
    });
    const planned = await provisionEnvironment(deps, {
      catalog,
      environment: 'prod',
      planOnly: true,
      lockTimeoutMs: 5_000,
    });
    const prod = await provisionEnvironment(deps, {
      catalog,
      environment: 'prod',
      confirm: 'PRODUCTION',
      planHash: planned.planHash,
      lockTimeoutMs: 5_000,
    });
    expect(prod.outcome).toBe('applied');
    const serials = async () => ({
      stg: (await readState(service, stg.target))?.serial,
      prod: (await readState(service, prod.target))?.serial,
    });
    const before = await serials();
    const listing = await snapshotContainer(service, container);
    const change = JSON.stringify({ app_sku: 'P3v3' });
    const attempts: [string, Record<string, unknown>, string][] = [
      ['stg', {}, 'confirmation-required'],
      ['stg', { confirm: 'STG' }, 'confirmation-required'],
      ['stg', { confirm: 'prod' }, 'confirmation-required'],
      ['prod', {}, 'confirmation-required'],
      ['prod', { confirm: 'prod' }, 'confirmation-required'],
      ['prod', { confirm: 'PRODUCTION' }, 'confirmation-required'],
    ];
    for (const [environment, extra, reason] of attempts) {
      const refused = await refusal(
        provisionEnvironment(deps, { catalog, environment, vars: change, lockTimeoutMs: 5_000, ...extra }),
      );
      expect(refused).toMatchObject({ reason });
      expect(refused?.error).toBeInstanceOf(ConfigurationError);
      expect(refused?.message).toMatch(/confirm|plan-hash/);
    }
    // Teardown of a long-lived environment: refused without allow-long-lived, and without the confirmation.
    for (const extra of [{}, { allowLongLived: true }, { allowLongLived: true, confirm: 'yes' }]) {
      const refused = await refusal(
        teardownEnvironment(deps, { catalog, environment: 'stg', lockTimeoutMs: 5_000, ...extra }),
      );
      expect(refused?.reason).toMatch(/long-lived-refused|confirmation-required/);
    }
    expect(await snapshotContainer(service, container)).toEqual(listing);
    // A confirmed prod run whose plan is not the reviewed one applies nothing either.
    const changed = await refusal(
      provisionEnvironment(deps, {
        catalog,
        environment: 'prod',
        confirm: 'PRODUCTION',
        planHash: planned.planHash,
        vars: change,
        lockTimeoutMs: 5_000,
      }),
    );
    expect(changed).toMatchObject({ reason: 'plan-changed' });
    expect(await serials()).toEqual(before);
    expect(resourceAddresses(await readState(service, prod.target))).toHaveLength(3);
  });

  it('never lets a sweep tear down a long-lived environment, whatever its record says', async () => {
    const container = uniqueContainer('sweep');
    const catalog = writeCatalog(bed.accountName, container);
    const deps = realDeps(bed, catalog, { logger: recordingLogger() });
    const service = bed.directService();
    const stg = await provisionEnvironment(deps, {
      catalog,
      environment: 'stg',
      confirm: 'stg',
      lockTimeoutMs: 5_000,
    });
    const records = service.getContainerClient(container);
    const recordBlob = records.getBlobClient(recordBlobName(stg.target));
    // Forge the record's index tags: expired long ago, claiming to be ephemeral.
    await recordBlob.setTags({
      terrarium: 'record',
      env: 'stg',
      environment: 'stg',
      kind: 'ephemeral',
      status: 'provisioning',
      expires_at: '2001-01-01T00:00:00Z',
      pr: '1',
    });
    // And plant a record that names an ephemeral environment but points at stg's instance and key.
    const forged = {
      terrarium: 'record',
      env: 'feat-stg',
      environment: 'feat',
      instance: 'stg',
      kind: 'ephemeral',
      status: 'ready',
      expires_at: '2001-01-01T00:00:00Z',
    };
    const planted = records.getBlockBlobClient('forged/terrarium.json');
    await planted.upload('{}', 2, {
      tags: forged,
      metadata: { statekey: 'stg/terraform.tfstate', statecontainer: container },
    });
    const climbing = records.getBlockBlobClient('forged-2/terrarium.json');
    await climbing.upload('{}', 2, { tags: { ...forged, env: 'feat-x', instance: '../stg' } });
    const before = await readState(service, stg.target);
    const stgEtag = (await records.getBlobClient(stg.target.stateKey).getProperties()).etag;

    const result = await sweepEnvironments(deps, { catalog, lockTimeoutMs: 5_000, pollIntervalMs: 100 });
    expect(result.destroyed).not.toContain('stg');
    expect(result.items.map((item) => item.envId)).not.toContain('stg');
    // The planted ones fail on their own names (an instance may not be an environment's name or a path).
    for (const item of result.items) expect(item.result).not.toBe('destroyed');
    const after = await readState(service, stg.target);
    expect(after?.serial).toBe(before?.serial);
    expect(resourceAddresses(after)).toHaveLength(3);
    expect((await records.getBlobClient(stg.target.stateKey).getProperties()).etag).toBe(stgEtag);
    expect(await readRecordBlob(service, container, stg.target)).toMatchObject({
      envId: 'stg',
      status: 'ready',
    });
  });
});

describe('restore never crosses lineages', () => {
  it('refuses to put a destroyed instance backup onto the state of its re-created successor, even with force', async () => {
    const container = uniqueContainer('lineage');
    const catalog = writeCatalog(bed.accountName, container);
    const deps = realDeps(bed, catalog, { logger: recordingLogger() });
    const service = bed.directService();
    const base = { catalog, environment: 'feat', instance: 'pr-70', lockTimeoutMs: 5_000 };
    await provisionEnvironment(deps, { ...base, run: { id: '1' } });
    const torn = await teardownEnvironment(deps, { ...base, run: { id: '2' } });
    const old = torn.backup?.name as string;
    expect(old).toMatch(/pre-destroy/);
    const fresh = await provisionEnvironment(deps, { ...base, run: { id: '3' } });
    const current = await readState(service, fresh.target);
    const listing = await snapshotContainer(service, container);
    const main = service.getContainerClient(container);
    const oldLineage = (await listBackups(main, 'feat-pr-70')).find((backup) => backup.name === old)?.lineage;
    expect(oldLineage).toBeDefined();
    expect(oldLineage).not.toBe(current?.lineage);
    for (const force of [false, true]) {
      const error = await restoreState({
        container: main,
        target: fresh.target,
        backupName: old,
        force,
        logger: recordingLogger(),
      }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toMatch(/lineage/);
      expect((error as Error).message).toMatch(/nothing was changed/);
    }
    // Nor another environment's backup onto this one.
    const other = resolveTarget(catalog, { environment: 'feat', instance: 'pr-71' });
    const crossed = await restoreState({
      container: main,
      target: other,
      backupName: old,
      force: true,
      logger: recordingLogger(),
    }).catch((caught: unknown) => caught);
    expect(crossed).toBeInstanceOf(ConfigurationError);
    expect(await snapshotContainer(service, container)).toEqual(listing);
    expect((await readState(service, fresh.target))?.lineage).toBe(current?.lineage);
  });
});
