import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GitHubFake, startGitHubFake } from '../harness/github-fake.js';
import { pullRequestPayload } from '../harness/webhook-payloads.js';
import { runAction, startAction } from './action-step.js';
import {
  type ResilienceBed,
  readRecordBlob,
  readState,
  startResilienceBed,
  uniqueContainer,
  waitForApplyLease,
  writeCatalog,
} from './resilience-bed.js';

let bed: ResilienceBed;
let github: GitHubFake;
beforeAll(async () => {
  [bed, github] = await Promise.all([startResilienceBed(), startGitHubFake()]);
});
afterAll(async () => {
  await Promise.all([bed?.stop(), github?.stop()]);
});

describe('two bundled provision-env runs for the same environment at once', () => {
  it('lets one apply; the other reports state-locked in its outputs, or waits its turn and applies after', async () => {
    const container = uniqueContainer('twins');
    const catalog = writeCatalog(bed.accountName, container);
    const number = 78;
    github.setPull(number, { state: 'open', headRef: 'feature/twins' });
    const event = {
      name: 'pull_request',
      payload: pullRequestPayload('synchronize', { number, headRef: 'feature/twins' }),
    };
    const inputs = (lockTimeout: string, sku: string) => ({
      config: catalog.file,
      environment: 'feat',
      'lock-timeout': lockTimeout,
      vars: JSON.stringify({ sleep_seconds: 3, app_sku: sku }),
      'github-token': 'ghs_twinsTestToken000000000000000000000000',
    });
    const target = {
      stateContainer: container,
      stateKey: `feat/pr-${number}/terraform.tfstate`,
      envId: `feat-pr-${number}`,
    };
    for (const id of [5560001, 5560002, 5560003]) github.setWorkflowRun(id, { status: 'in_progress' });

    const first = startAction(bed, 'provision-env', {
      inputs: inputs('5s', 'B1'),
      event,
      runId: '5560001',
      githubApiUrl: github.url,
    });
    await waitForApplyLease(bed, container, target.stateKey);
    const [impatient, patient] = await Promise.all([
      runAction(bed, 'provision-env', {
        inputs: inputs('0s', 'S1'),
        event,
        runId: '5560002',
        githubApiUrl: github.url,
      }),
      runAction(bed, 'provision-env', {
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
