import { randomUUID } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { type AzureClients, runCli } from '@terrarium/cli';
import { loadCatalog, resolveTarget, silentLogger } from '@terrarium/core';
import { createRecordStore } from '@terrarium/state';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArmFake, startTlsArmFake } from '../harness/arm-fake.js';
import { type Azurite, startAzurite } from '../harness/azurite.js';
import { tempCatalog } from '../harness/catalog.js';
import { addResourceGroupRoutes } from '../harness/resource-group-routes.js';
import { fakeAzureClients } from './fake-azure-clients.js';
import { recordingTerminal } from './recording-terminal.js';

/**
 * `terrarium sweep --orphans` and `--delete-orphans`: the environment records in Azurite, the
 * resource groups behind @azure/arm-resources in the loopback ARM fake.
 */
describe('terrarium sweep and orphan resource groups', () => {
  let azurite: Azurite;
  let arm: ArmFake;
  let groups: ReturnType<typeof addResourceGroupRoutes>;
  let azure: AzureClients;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    azurite = await startAzurite();
    arm = await startTlsArmFake();
    groups = addResourceGroupRoutes(arm, { pollsBeforeDone: 1 });
    azure = fakeAzureClients({ arm });
    // One live pull request environment with its record; its resource group is owned.
    const name = `orphans-${randomUUID().slice(0, 8)}`;
    const service = BlobServiceClient.fromConnectionString(azurite.connectionString);
    const container = service.getContainerClient(name);
    await container.create();
    ({ dir } = tempCatalog({ account: azurite.accountName, container: name }));
    const catalog = await loadCatalog(`${dir}/environments.yaml`);
    await createRecordStore(container, silentLogger).begin(
      resolveTarget(catalog, { environment: 'feat', instance: 'pr-1' }),
      { status: 'provisioning' },
    );
    env = { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString };
  });
  afterAll(async () => {
    await azurite?.stop();
    await arm?.close();
  });

  function seedGroups(): void {
    groups.groups.clear();
    groups.add('rg-feat-pr-1', { 'terrarium-env-id': 'feat-pr-1' });
    groups.add('rg-feat-pr-9', { 'terrarium-env-id': 'feat-pr-9' });
    groups.add('rg-dev', { 'terrarium-env-id': 'dev' });
    groups.add('rg-unrelated', { owner: 'someone' });
  }
  const deletes = () => arm.requests.filter((request) => request.method === 'DELETE').map((r) => r.path);
  const subscription = () => ['--subscription', arm.subscriptionId];

  it('lists the groups no record owns with --orphans, and deletes nothing', async () => {
    seedGroups();
    const terminal = recordingTerminal({ interactive: false });
    const code = await runCli({
      argv: ['sweep', '--orphans', ...subscription()],
      env,
      cwd: dir,
      terminal,
      azure,
    });
    expect(code, terminal.stderr).toBe(0);
    expect(terminal.stdout).toContain('Nothing to sweep among 1 environment record(s).');
    expect(terminal.stdout).toMatch(
      /RESOURCE GROUP\s+ENV ID\s+RESULT\s+NOTE\nrg-feat-pr-9\s+feat-pr-9\s+listed\n/,
    );
    expect(terminal.stdout).not.toMatch(/rg-dev|rg-feat-pr-1\b|rg-unrelated/);
    expect(deletes()).toEqual([]);
  });

  it('refuses --delete-orphans without a terminal or --yes, and on a wrong answer, deleting nothing', async () => {
    seedGroups();
    const piped = recordingTerminal({ interactive: false });
    const argv = ['sweep', '--delete-orphans', ...subscription()];
    expect(await runCli({ argv, env, cwd: dir, terminal: piped, azure })).toBe(2);
    expect(piped.stderr).toContain('pass --yes to confirm it');

    const wrong = recordingTerminal({ interactive: true, answers: ['yes'] });
    expect(await runCli({ argv, env, cwd: dir, terminal: wrong, azure })).toBe(1);
    expect(wrong.questions[0]).toContain('Type "delete" to confirm');
    expect(wrong.stderr).toContain('Not confirmed; nothing was changed.');
    expect(deletes()).toEqual([]);
    expect(groups.groups.has('rg-feat-pr-9')).toBe(true);
  });

  it('says what would go with --dry-run, then deletes it once confirmed', async () => {
    seedGroups();
    const dry = recordingTerminal({ interactive: false });
    const dryCode = await runCli({
      argv: ['sweep', '--delete-orphans', '--dry-run', '--json', ...subscription()],
      env,
      cwd: dir,
      terminal: dry,
      azure,
    });
    expect(dryCode, dry.stderr).toBe(0);
    expect((JSON.parse(dry.stdout) as { orphans: unknown }).orphans).toEqual([
      { name: 'rg-feat-pr-9', envId: 'feat-pr-9', result: 'would-delete' },
    ]);
    expect(deletes()).toEqual([]);

    const confirmed = recordingTerminal({ interactive: true, answers: ['delete'] });
    const code = await runCli({
      argv: ['sweep', '--delete-orphans', ...subscription()],
      env,
      cwd: dir,
      terminal: confirmed,
      azure,
    });
    expect(code, confirmed.stderr).toBe(0);
    expect(confirmed.stdout).toMatch(/rg-feat-pr-9\s+feat-pr-9\s+deleted/);
    expect(deletes()).toEqual([`/subscriptions/${arm.subscriptionId}/resourcegroups/rg-feat-pr-9`]);
    expect([...groups.groups.keys()].sort()).toEqual(['rg-dev', 'rg-feat-pr-1', 'rg-unrelated']);
  });

  it('asks for a subscription before anything else, naming where to set one', async () => {
    const terminal = recordingTerminal({ interactive: true, answers: [] });
    const code = await runCli({ argv: ['sweep', '--delete-orphans'], env, cwd: dir, terminal, azure });
    expect(code).toBe(2);
    expect(terminal.stderr).toContain(
      'Looking for orphan resource groups needs an Azure subscription: pass --subscription, set backend.subscription-id in the catalog or set AZURE_SUBSCRIPTION_ID',
    );
    expect(terminal.questions).toEqual([]);
  });
});
