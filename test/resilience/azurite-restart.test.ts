import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { failureReasonOf, provisionEnvironment, teardownEnvironment } from '@terrarium/lifecycle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GitHubFake, startGitHubFake } from '../harness/github-fake.js';
import {
  featEnvironment,
  listBackupNames,
  type ResilienceBed,
  readRecordBlob,
  readState,
  resourceAddresses,
  sampleModule,
  startResilienceBed,
  waitForProvisioner,
} from './resilience-bed.js';

const ALL = ['terraform_data.app_service', 'terraform_data.database', 'terraform_data.resource_group'];

let bed: ResilienceBed;
let github: GitHubFake;
beforeAll(async () => {
  [bed, github] = await Promise.all([startResilienceBed({ persistent: true }), startGitHubFake()]);
});
afterAll(async () => {
  await Promise.all([bed?.stop(), github?.stop()]);
});

function setup(prefix: string, number: number) {
  // The storage SDK's retries, shortened: enough to span a restart of a second or two.
  return featEnvironment(bed, {
    prefix,
    number,
    branch: 'feature/restart',
    maxTries: 8,
    lockTimeoutMs: 10_000,
    github,
  });
}

describe('Azurite stopped and restarted (blobs kept on disk) in the middle of a run', () => {
  it('finishes a provision whose apply outlives the restart, with every resource in the state', async () => {
    const { deps, base, target, container, logger } = setup('rsprov', 21);
    const applying = provisionEnvironment(deps, {
      ...base,
      vars: JSON.stringify({ sleep_seconds: 4 }),
      run: { id: '210' },
    });
    await waitForProvisioner(logger);
    await bed.restartAzurite(1_500);
    const result = await applying.then(
      (value) => ({ ok: true, outcome: value.outcome, reason: '' }),
      (error: unknown) => ({ ok: false, outcome: '', reason: failureReasonOf(error) }),
    );
    const service = bed.directService();
    // Whatever terraform reported, nothing it created is lost, and no state is left in the checkout.
    expect(resourceAddresses(await readState(service, target))).toEqual(ALL);
    expect(existsSync(join(sampleModule(), 'errored.tfstate'))).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe('apply-failed');
      await provisionEnvironment(deps, { ...base, run: { id: '211' } });
    }
    expect(await readRecordBlob(service, container, target)).toMatchObject({ status: 'ready' });
    const lease = await service.getContainerClient(container).getBlobClient(target.stateKey).getProperties();
    expect(lease.leaseState).toBe('available');
  });

  it('deletes nothing before destroy succeeded when Azurite restarts during a teardown, and a second teardown converges', async () => {
    const { deps, base, target, container } = setup('rstear', 22);
    await provisionEnvironment(deps, { ...base, run: { id: '220' } });
    let restarting: Promise<void> | undefined;
    bed.faults.onRequest((method) => {
      const last = bed.faults.requests.at(-1) ?? '';
      // As terraform takes the lease for destroy.
      if (restarting || method !== 'PUT' || !last.includes(target.stateKey) || !last.includes('comp=lease'))
        return;
      restarting = bed.restartAzurite(1_500);
    });
    const first = await teardownEnvironment(deps, { ...base, run: { id: '221' } }).then(
      () => 'destroyed',
      (error: unknown) => failureReasonOf(error),
    );
    await restarting;
    expect(restarting).toBeDefined();
    const service = bed.directService();
    if (first !== 'destroyed') {
      // Failed part way: the record says so, the state is whole and was backed up before anything else.
      expect(await readRecordBlob(service, container, target)).toMatchObject({
        // destroying when storage was still away as the run recorded its failure.
        status: expect.stringMatching(/^(teardown-failed|destroying)$/),
        lastRunId: '221',
      });
      expect(
        (await listBackupNames(service, container, target.envId)).some((name) =>
          name.endsWith('-pre-destroy.tfstate'),
        ),
      ).toBe(true);
      expect(resourceAddresses(await readState(service, target))).toEqual(ALL);
      // The failed run is over: whatever lease its terraform half-took is stale, and the next teardown breaks it.
      github.setWorkflowRun(221, { status: 'completed', conclusion: 'failure' });
      await teardownEnvironment(deps, { ...base, run: { id: '222' } });
    }
    expect(await readRecordBlob(service, container, target)).toBeUndefined();
    expect(await service.getContainerClient(container).getBlobClient(target.stateKey).exists()).toBe(false);
    expect(
      (await listBackupNames(service, container, target.envId)).some((name) =>
        name.endsWith('-final.tfstate'),
      ),
    ).toBe(true);
  });
});
