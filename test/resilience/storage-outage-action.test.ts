import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueContainer } from '../harness/target-factory.js';
import { pullRequestPayload } from '../harness/webhook-payloads.js';
import {
  type ResilienceBed,
  readRecordBlob,
  readState,
  resourceAddresses,
  runStep,
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

describe('the bundled provision-env while the storage account is unreachable', () => {
  const inputs = (config: string) => ({
    config,
    environment: 'feat',
    'lock-timeout': '5s',
    comment: 'false',
    deployment: 'false',
  });

  it('retries through a short outage and converges', async () => {
    const container = uniqueContainer('outshort');
    const catalog = writeCatalog(bed.accountName, container);
    const event = { name: 'pull_request', payload: pullRequestPayload('opened', { number: 61 }) };
    const faultsBefore = bed.faults.faultsInjected;
    bed.faults.outage();
    const restore = setTimeout(() => bed.faults.restore(), 2_500);
    const run = await runStep(bed, 'provision-env', {
      inputs: inputs(catalog.file),
      event,
      runId: '610',
    }).finally(() => {
      clearTimeout(restore);
      bed.faults.restore();
    });
    expect(bed.faults.faultsInjected).toBeGreaterThan(faultsBefore);
    expect(run.code, run.stdout.slice(-2000)).toBe(0);
    const target = {
      stateContainer: container,
      stateKey: 'feat/pr-61/terraform.tfstate',
      envId: 'feat-pr-61',
    };
    expect(resourceAddresses(await readState(bed.directService(), target))).toHaveLength(3);
    expect(await readRecordBlob(bed.directService(), container, target)).toMatchObject({ status: 'ready' });
  });

  it('gives up within a bound with the reason and a non-zero exit when the outage lasts, changing nothing', async () => {
    const container = uniqueContainer('outlong');
    const catalog = writeCatalog(bed.accountName, container);
    const event = { name: 'pull_request', payload: pullRequestPayload('opened', { number: 62 }) };
    const before = await snapshotContainer(bed.directService(), container);
    bed.faults.outage();
    const started = Date.now();
    const run = await runStep(bed, 'provision-env', {
      inputs: inputs(catalog.file),
      event,
      runId: '620',
    }).finally(() => bed.faults.restore());
    const elapsedMs = Date.now() - started;
    expect(run.code).not.toBe(0);
    expect(run.outputs['failure-reason']).toMatch(/.+/);
    const error = run.stdout.split('\n').find((line) => line.startsWith('::error::')) ?? '';
    // The network error is named, not swallowed.
    expect(error).toMatch(/socket|ECONNRESET|disconnected|hang up|reach|storage/i);
    // The storage SDK's retries are bounded: about half a minute, not the job's six hours.
    expect(elapsedMs).toBeLessThan(90_000);
    expect(await snapshotContainer(bed.directService(), container)).toEqual(before);
  });
});
