import type { ContainerClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempCatalog } from '../harness/catalog.js';
import { type BundleRun, bundlePath, runBundle } from '../harness/run-bundle.js';
import { type ShiftedClock, shiftedClock } from '../harness/shifted-clock.js';
import { lockLikeTerraform } from '../harness/terraform-lock.js';
import { pullRequestPayload, schedulePayload, workflowDispatchPayload } from '../harness/webhook-payloads.js';
import { type ActionBed, blobNames, startActionBed } from './action-bed.js';

const DAY = 86_400_000;
const opened = (number: number) => ({
  name: 'pull_request',
  payload: pullRequestPayload('opened', { number }),
});
const schedule = { name: 'schedule', payload: schedulePayload() };

interface SimulatedLine {
  container: string;
  name: string;
  version: string;
  action: string;
  rule: string | null;
  dueAt: string | null;
  record: { envId: string; alive: boolean; expiresAt: string | null } | null;
}

/**
 * The storage account's backstop deletes an ephemeral state untouched for 30 days; it cannot
 * read records. Played from the operator's side on the real parts: the bundled actions and CLI,
 * real terraform on TLS Azurite, and a clock the test moves for Azurite and Terrarium alike, so
 * a state really is 29 days old when the sweep extends it.
 */
describe('the storage backstop never deletes a live state', () => {
  let clock: ShiftedClock;
  let bed: ActionBed;
  let container: ContainerClient;
  /** When the first PR's state was written (Azurite's clock), the origin of every simulated date. */
  let t0: number;
  const day = (n: number) => new Date(t0 + n * DAY).toISOString();

  beforeAll(async () => {
    clock = shiftedClock();
    bed = await startActionBed({
      azuriteEnv: clock.env,
      catalog: {
        sections: { lifecycle: { 'delete-ephemeral-state-after-days': 30 } },
        environments: {
          feat: { kind: 'ephemeral', ttl: '3d' },
          dev: { kind: 'long-lived', 'state-tier': 'Cool' },
        },
      },
    });
    container = bed.blobs().getContainerClient(bed.container);
    await container.create();
  });
  afterAll(async () => {
    await bed?.stop();
    clock?.remove();
  });

  const stateOf = (pr: number) => container.getBlobClient(`feat/pr-${pr}/terraform.tfstate`);
  const recordOf = async (pr: number) =>
    JSON.parse(
      (await container.getBlobClient(`feat/pr-${pr}/terrarium.json`).downloadToBuffer()).toString(),
    ) as {
      expiresAt: string;
    };
  const cli = (...args: string[]): Promise<BundleRun> =>
    runBundle(bundlePath('packages/cli'), [...args, '--json'], {
      cwd: bed.workspace,
      env: {
        ...bed.backend.nodeEnv,
        ...clock.env,
        AZURE_STORAGE_CONNECTION_STRING: bed.backend.connectionString,
      },
    });
  const simulate = async (at: string) => {
    const run = await cli('policy', '--simulate', '--at', at);
    const result = JSON.parse(run.stdout) as { actions: SimulatedLine[]; liveStatesDeleted: number };
    const states = result.actions.filter((line) => line.name.endsWith('terraform.tfstate'));
    return { run, result, states: new Map(states.map((line) => [line.name, line])) };
  };

  it('refuses a ttl the backstop would outlive, from the input or the catalog, before anything is written', async () => {
    const before = await blobNames(bed.blobs(), bed.container);
    const run = await bed.run('provision-env', {
      inputs: { environment: 'feat', ttl: '60d', comment: 'false' },
      event: opened(700),
    });
    expect(run.code).not.toBe(0);
    expect(run.outputs['failure-reason']).toBe('config-error');
    expect(run.log).toMatch(
      /environments\.yaml:\d+:\d+: the ttl given for "feat" \(60 days\) is not shorter than lifecycle\.delete-ephemeral-state-after-days \(30 days\)/,
    );
    expect(await blobNames(bed.blobs(), bed.container)).toEqual(before);

    const { dir } = tempCatalog({
      account: bed.backend.accountName,
      environments: { feat: { kind: 'ephemeral', ttl: '60d' } },
    });
    const fromCatalog = await runBundle(bundlePath('packages/cli'), ['policy'], { cwd: dir, env: {} });
    expect(fromCatalog.code).toBe(2);
    expect(fromCatalog.stderr).toMatch(
      /environments\.yaml:\d+:\d+: environments\.feat\.ttl is as long as or longer than lifecycle\.delete-ephemeral-state-after-days \(30 days\)/,
    );
  });

  it('keeps a kept PR environment idle for 29 days: the extension renews its state', async () => {
    for (const pr of [701, 702]) {
      bed.github.setPull(pr, { state: 'open', labels: ['keep-env'] });
      const run = await bed.run('provision-env', {
        inputs: { environment: 'feat', comment: 'false' },
        event: opened(pr),
        env: clock.env,
      });
      expect(run.code, run.log).toBe(0);
    }
    const properties = await stateOf(701).getProperties();
    t0 = (properties.lastModified as Date).getTime();
    // Tagged for the backstop after the apply (terraform's overwrite had dropped any tag).
    expect((await stateOf(701).getTags()).tags).toEqual({ terrarium: 'state', env: 'feat-pr-701' });

    // PR 702's state is left locked by a run killed right after (its lease is terraform's).
    const lock = await lockLikeTerraform(container.getBlockBlobClient('feat/pr-702/terraform.tfstate'));
    // Day 29: nobody pushed.
    clock.advance(29);
    const sweep = await bed.run('teardown-env', {
      inputs: { mode: 'sweep' },
      event: schedule,
      env: clock.env,
    });
    expect(sweep.code, sweep.log).toBe(0);
    expect(sweep.outputs.destroyed).toBe('[]');

    // PR 701: extended by the ttl from day 29, and its state renewed then (Azurite's clock).
    const renewed = (await stateOf(701).getProperties()).lastModified as Date;
    expect(renewed.getTime() - t0).toBeGreaterThanOrEqual(29 * DAY);
    expect(Date.parse((await recordOf(701)).expiresAt) - t0).toBeGreaterThanOrEqual(32 * DAY - 60_000);
    // PR 702: its state could not be touched, so its expiry stops where the backstop would act.
    expect(sweep.log).toMatch(
      /The state of feat-pr-702 is locked, so it could not be renewed: its expiry is held at/,
    );
    expect(Date.parse((await recordOf(702)).expiresAt) - t0).toBeLessThanOrEqual(30 * DAY + 60_000);
    await container.getBlobClient('feat/pr-702/terraform.tfstate').getBlobLeaseClient(lock.id).releaseLease();

    // Day 31: the policy deletes nothing alive; PR 701's state is two days into its 30.
    const on31 = await simulate(day(31));
    expect(on31.run.code, on31.run.stderr).toBe(0);
    expect(on31.result.liveStatesDeleted).toBe(0);
    expect(on31.states.get('feat/pr-701/terraform.tfstate')).toMatchObject({
      action: 'keep',
      record: { envId: 'feat-pr-701', alive: true },
    });
    // PR 702's state goes on day 30, when its record (held there) has expired already.
    expect(on31.states.get('feat/pr-702/terraform.tfstate')).toMatchObject({
      action: 'delete',
      rule: 'ephemeral-states-backstop',
      record: { envId: 'feat-pr-702', alive: false },
    });
    // Records are never the backstop's.
    expect(
      on31.result.actions.filter((line) => line.name.endsWith('terrarium.json')).map((line) => line.action),
    ).toEqual(['keep', 'keep']);

    // Day 40: PR 701's record expired on day 32, but its state is 11 days old: it survives for
    // the next sweep to extend again.
    const on40 = await simulate(day(40));
    expect(on40.run.code, on40.run.stderr).toBe(0);
    expect(on40.states.get('feat/pr-701/terraform.tfstate')).toMatchObject({ action: 'keep', rule: null });
  });

  it('keeps a state in the tier the catalog names, after every apply', async () => {
    const dispatch = { name: 'workflow_dispatch', payload: workflowDispatchPayload() };
    const first = await bed.run('provision-env', {
      inputs: { environment: 'dev' },
      event: dispatch,
      env: clock.env,
    });
    expect(first.code, first.log).toBe(0);
    const dev = container.getBlobClient('dev/terraform.tfstate');
    expect((await dev.getProperties()).accessTier).toBe('Cool');
    // Terraform rewriting the state (as every apply does) puts it back in the account's default tier.
    await container
      .getBlockBlobClient('dev/terraform.tfstate')
      .upload((await dev.downloadToBuffer()).toString(), (await dev.getProperties()).contentLength ?? 0);
    expect((await dev.getProperties()).accessTier).toBe('Hot');
    const second = await bed.run('provision-env', {
      inputs: { environment: 'dev' },
      event: dispatch,
      env: clock.env,
    });
    expect(second.code, second.log).toBe(0);
    expect((await dev.getProperties()).accessTier).toBe('Cool');
    // A long-lived state is no backstop's: never tagged for it.
    expect((await dev.getTags()).tags).toEqual({});
  });
});
