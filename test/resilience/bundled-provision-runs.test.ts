import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GitHubFake, startGitHubFake } from '../harness/github-fake.js';
import { uniqueContainer } from '../harness/target-factory.js';
import { pullRequestPayload } from '../harness/webhook-payloads.js';
import {
  type ResilienceBed,
  readRecordBlob,
  readState,
  resourceAddresses,
  runStep,
  startResilienceBed,
  startStep,
  waitForApplyLease,
  writeCatalog,
} from './resilience-bed.js';

/** Bundled provision-env runs against one environment: killed mid-apply, or started side by side. */
let bed: ResilienceBed;
let github: GitHubFake;
beforeAll(async () => {
  [bed, github] = await Promise.all([startResilienceBed(), startGitHubFake()]);
});
afterAll(async () => {
  await Promise.all([bed?.stop(), github?.stop()]);
});

/** A pull request's feat environment in a container of its own, and the webhook event its runs get. */
function pullRequestEnvironment(prefix: string, number: number) {
  const container = uniqueContainer(prefix);
  const catalog = writeCatalog(bed.accountName, container);
  const headRef = `feature/${prefix}`;
  github.setPull(number, { state: 'open', headRef });
  const event = { name: 'pull_request', payload: pullRequestPayload('synchronize', { number, headRef }) };
  const target = {
    stateContainer: container,
    stateKey: `feat/pr-${number}/terraform.tfstate`,
    envId: `feat-pr-${number}`,
  };
  return { container, catalog, event, target };
}

describe('a provision killed in the middle of terraform apply', () => {
  it('is healed by the next run only once the killed run is finished, and the environment converges', async () => {
    const number = 77;
    const { container, catalog, event, target } = pullRequestEnvironment('killed', number);
    const inputs = (extra: Record<string, string> = {}) => ({
      config: catalog.file,
      environment: 'feat',
      'lock-timeout': '2s',
      'github-token': 'ghs_killedApplyTestToken0000000000000000',
      ...extra,
    });
    const service = bed.directService();

    // Run 1 holds the lease while its provisioner sleeps; the runner is cancelled hard (SIGKILL to the tree).
    const holder = '5550001';
    github.setWorkflowRun(Number(holder), { status: 'in_progress' });
    const killed = startStep(bed, 'provision-env', {
      inputs: inputs({ vars: JSON.stringify({ sleep_seconds: 60 }) }),
      event,
      runId: holder,
      githubApiUrl: github.url,
    });
    await waitForApplyLease(bed, container, target.stateKey);
    killed.killTree();
    const first = await killed.done;
    expect(first.code).not.toBe(0);
    const blob = service.getContainerClient(container).getBlobClient(target.stateKey);
    expect((await blob.getProperties()).leaseState).toBe('leased');
    expect(await readRecordBlob(service, container, target)).toMatchObject({
      status: 'provisioning',
      lastRunId: holder,
    });

    // Run 2 while GitHub says run 1 is still in progress: refused, naming the holder; the lease stays.
    const refused = await runStep(bed, 'provision-env', {
      inputs: inputs(),
      event,
      runId: '5550002',
      githubApiUrl: github.url,
    });
    expect(refused.code).not.toBe(0);
    expect(refused.outputs['failure-reason']).toBe('state-locked');
    expect(refused.stdout).toMatch(new RegExp(`workflow run ${holder} still running`));
    expect(refused.stdout).toMatch(/OperationTypeApply/);
    expect((await blob.getProperties()).leaseState).toBe('leased');

    // Run 1 is reported finished (cancelled): run 3 breaks its lease, says so, and converges.
    github.setWorkflowRun(Number(holder), { status: 'completed', conclusion: 'cancelled' });
    const healed = await runStep(bed, 'provision-env', {
      inputs: inputs(),
      event,
      runId: '5550003',
      githubApiUrl: github.url,
    });
    expect(healed.stderr + healed.stdout).toMatch(
      new RegExp(`Broke the stale lease.*workflow run ${holder}`),
    );
    expect(healed.code).toBe(0);
    expect(healed.outputs).toMatchObject({ 'env-id': target.envId, 'failure-reason': '' });
    expect(healed.runner.summary()).toMatch(/Broke the stale lease/);
    const state = await readState(service, target);
    expect(resourceAddresses(state)).toEqual([
      'terraform_data.app_service',
      'terraform_data.database',
      'terraform_data.resource_group',
    ]);
    expect((await blob.getProperties()).leaseState).toBe('available');
    expect(await readRecordBlob(service, container, target)).toMatchObject({
      status: 'ready',
      lastRunId: '5550003',
    });
    const comment = github.comments.filter((entry) => entry.issue_number === number).at(-1);
    expect(comment?.body).toContain('is ready');
  });
});

describe('two bundled provision-env runs for the same environment at once', () => {
  it('lets one apply; the other reports state-locked in its outputs, or waits its turn and applies after', async () => {
    const { container, catalog, event, target } = pullRequestEnvironment('twins', 78);
    const inputs = (lockTimeout: string, sku: string) => ({
      config: catalog.file,
      environment: 'feat',
      'lock-timeout': lockTimeout,
      vars: JSON.stringify({ sleep_seconds: 3, app_sku: sku }),
      'github-token': 'ghs_twinsTestToken000000000000000000000000',
    });
    for (const id of [5560001, 5560002, 5560003]) github.setWorkflowRun(id, { status: 'in_progress' });

    const first = startStep(bed, 'provision-env', {
      inputs: inputs('5s', 'B1'),
      event,
      runId: '5560001',
      githubApiUrl: github.url,
    });
    await waitForApplyLease(bed, container, target.stateKey);
    const [impatient, patient] = await Promise.all([
      runStep(bed, 'provision-env', {
        inputs: inputs('0s', 'S1'),
        event,
        runId: '5560002',
        githubApiUrl: github.url,
      }),
      runStep(bed, 'provision-env', {
        inputs: inputs('60s', 'P1v3'),
        event,
        runId: '5560003',
        githubApiUrl: github.url,
      }),
    ]);
    const winner = await first.done;
    const outputs = first.runner.outputs();
    expect(winner.code, winner.stdout.slice(-2000)).toBe(0);
    expect(outputs).toMatchObject({ 'env-id': target.envId, changed: 'true', 'failure-reason': '' });
    expect(impatient.code).not.toBe(0);
    expect(impatient.outputs).toMatchObject({ 'env-id': target.envId, 'failure-reason': 'state-locked' });
    expect(patient.code, patient.stdout.slice(-2000)).toBe(0);
    expect(patient.outputs).toMatchObject({ changed: 'true', 'failure-reason': '' });
    // The waiting run applied after the first (its SKU is the one in the state), the impatient one never did.
    const state = await readState(bed.directService(), target);
    const app = state?.resources.find((resource) => resource.name === 'app_service')?.instances[0] as {
      attributes: { input: { value: { sku: string } } };
    };
    expect(app.attributes.input.value.sku).toBe('P1v3');
    expect(state?.serial).toBeGreaterThanOrEqual(2);
    expect(await readRecordBlob(bed.directService(), container, target)).toMatchObject({
      status: 'ready',
      lastRunId: '5560003',
    });
  });
});
