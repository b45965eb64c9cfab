import { randomUUID } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { runCli } from '@terrarium/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArmFake, startTlsArmFake } from '../harness/arm-fake.js';
import { type Azurite, startAzurite } from '../harness/azurite.js';
import { tempCatalog } from '../harness/catalog.js';
import { fakeAzureClients } from './fake-azure-clients.js';
import { recordingTerminal } from './recording-terminal.js';
import { stateDocument } from './state-document.js';

/**
 * What the bundle cannot show without a terminal or with DefaultAzureCredential: the typed
 * confirmation answered at a TTY, and policy --apply against the loopback ARM fake.
 */
describe('terrarium CLI in process', () => {
  let azurite: Azurite;
  let service: BlobServiceClient;
  let arm: ArmFake;

  beforeAll(async () => {
    azurite = await startAzurite();
    service = BlobServiceClient.fromConnectionString(azurite.connectionString, {
      retryOptions: { maxTries: 1 },
    });
    arm = await startTlsArmFake();
  });
  afterAll(async () => {
    await azurite?.stop();
    await arm?.close();
  });

  it('restores a maximum-safety environment only after PRODUCTION is typed', async () => {
    const name = `cli-${randomUUID().slice(0, 8)}`;
    const container = service.getContainerClient(name);
    await container.create();
    const text = stateDocument(9);
    await container.getBlockBlobClient('prod/terraform.tfstate').upload(text, text.length);
    const { dir } = tempCatalog({ account: azurite.accountName, container: name });
    const env = { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString };

    const quiet = recordingTerminal({ interactive: false });
    expect(await runCli({ argv: ['backup', 'prod', '--json'], env, cwd: dir, terminal: quiet })).toBe(0);
    const backup = (JSON.parse(quiet.stdout) as { name: string }).name;

    const wrong = recordingTerminal({ interactive: true, answers: ['prod'] });
    expect(await runCli({ argv: ['restore', 'prod', backup], env, cwd: dir, terminal: wrong })).toBe(1);
    expect(wrong.questions[0]).toContain('Type "PRODUCTION" to confirm');
    expect(wrong.stderr).toContain('Not confirmed; nothing was changed.');
    const backupsAfterRefusal = [];
    for await (const blob of container.listBlobsFlat({ prefix: 'backups/' }))
      backupsAfterRefusal.push(blob.name);
    expect(backupsAfterRefusal).toEqual([backup]);

    const right = recordingTerminal({ interactive: true, answers: ['PRODUCTION'] });
    expect(await runCli({ argv: ['restore', 'prod', backup], env, cwd: dir, terminal: right })).toBe(0);
    expect(right.stdout).toMatch(/serial:\s+9 -> 10/);
  });

  it('draws a progress line on a terminal while it lists and reads, and erases it before the table', async () => {
    const name = `cli-${randomUUID().slice(0, 8)}`;
    const container = service.getContainerClient(name);
    await container.create();
    for (const key of ['dev/terraform.tfstate', 'stg/terraform.tfstate', 'prod/terraform.tfstate']) {
      const text = stateDocument(3);
      await container.getBlockBlobClient(key).upload(text, text.length);
    }
    const { dir } = tempCatalog({ account: azurite.accountName, container: name });
    const env = { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString };
    const tty = recordingTerminal({ interactive: true, stderrIsTTY: true });
    expect(await runCli({ argv: ['status', '--deep'], env, cwd: dir, terminal: tty })).toBe(0);
    expect(tty.stderr).toContain(`\r\u001b[2KListing ${name}: 1 blobs`);
    expect(tty.stderr.endsWith('\r\u001b[2K')).toBe(true);
    expect(tty.stdout.includes('\r') || tty.stdout.includes('\u001b')).toBe(false);
    expect(tty.stdout).toMatch(/^prod\s+-\s+prod\/terraform\.tfstate/m);

    // A pipe or a CI log gets the same table and no control characters at all.
    const piped = recordingTerminal({ interactive: false });
    expect(await runCli({ argv: ['status', '--deep'], env, cwd: dir, terminal: piped })).toBe(0);
    expect(piped.stderr.includes('\r') || piped.stderr.includes('\u001b')).toBe(false);
    expect(piped.stdout).toBe(tty.stdout);
  });

  it('applies the lifecycle policy through Azure Resource Manager with --apply', async () => {
    arm.addStorageAccount('rg-state', azurite.accountName);
    const { dir } = tempCatalog({ account: azurite.accountName, container: 'tfstate' });
    const terminal = recordingTerminal({ interactive: false });
    const code = await runCli({
      argv: [
        'policy',
        '--apply',
        '--resource-group',
        'rg-state',
        '--subscription',
        arm.subscriptionId,
        '--json',
      ],
      env: {},
      cwd: dir,
      terminal,
      azure: fakeAzureClients({ arm }),
    });
    expect(code, terminal.stderr).toBe(0);
    const account = `/subscriptions/${arm.subscriptionId}/resourceGroups/rg-state/providers/Microsoft.Storage/storageAccounts/${azurite.accountName}`;
    expect(arm.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      `PATCH ${account}`,
      `PUT ${account}/blobServices/default`,
      `PUT ${account}/managementPolicies/default`,
    ]);
    const output = JSON.parse(terminal.stdout) as { applied: { rules: number }; policy: { policy: unknown } };
    expect(arm.requests[2]?.body).toEqual({ properties: { policy: output.policy.policy } });
    expect(output.applied.rules).toBeGreaterThan(0);
  });

  it('needs a resource group to apply, and says where to give it', async () => {
    const { dir } = tempCatalog({ account: azurite.accountName, container: 'tfstate' });
    const terminal = recordingTerminal({ interactive: false });
    const code = await runCli({ argv: ['policy', '--apply'], env: {}, cwd: dir, terminal });
    expect(code).toBe(2);
    expect(terminal.stderr).toContain('pass --resource-group or set backend.resource-group');
  });
});
