import { randomUUID } from 'node:crypto';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { runCli } from '@terrarium/cli';
import { type BackupReason, loadCatalog, resolveTarget, silentLogger, type Target } from '@terrarium/core';
import { createBackup, createRecordStore, renewStateBlob } from '@terrarium/state';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAzureClients } from '../../cli/fake-azure-clients.js';
import { recordingTerminal } from '../../cli/recording-terminal.js';
import { stateDocument } from '../../cli/state-document.js';
import { type ArmFake, startTlsArmFake } from '../../harness/arm-fake.js';
import { type Azurite, startAzurite } from '../../harness/azurite.js';
import { tempCatalog } from '../../harness/catalog.js';
import { type ShiftedClock, shiftedClock } from '../../harness/shifted-clock.js';

const DAY = 86_400_000;

interface Line {
  name: string;
  version: string;
  action: string;
  rule: string | null;
  dueAt: string | null;
  record: { envId: string; alive: boolean } | null;
}

/**
 * `terrarium policy --simulate` on blobs seeded at known ages: Azurite runs on a clock the test
 * moves, so each blob's Last-Modified and snapshot time really are that old, and every `--at` is
 * counted from the first blob's own time, never from the real date.
 */
describe('terrarium policy --simulate on seeded environments', () => {
  let clock: ShiftedClock;
  let azurite: Azurite;
  let service: BlobServiceClient;
  let arm: ArmFake;

  beforeAll(async () => {
    clock = shiftedClock();
    azurite = await startAzurite({ env: clock.env });
    service = BlobServiceClient.fromConnectionString(azurite.connectionString, {
      retryOptions: { maxTries: 1 },
    });
    arm = await startTlsArmFake();
  });
  afterAll(async () => {
    await azurite?.stop();
    await arm?.close();
    clock?.remove();
  });

  /** A catalog, its container, and Terrarium's own writes to seed it (records, renewals, backups). */
  async function seedBed() {
    const name = `sim-${randomUUID().slice(0, 8)}`;
    const container = service.getContainerClient(name);
    await container.create();
    const { dir, file } = tempCatalog({
      account: azurite.accountName,
      container: name,
      backend: { 'resource-group': 'rg-state' },
      environments: {
        dev: { kind: 'long-lived' },
        stg: { kind: 'long-lived', safety: 'enhanced' },
        prod: { kind: 'long-lived', safety: 'maximum' },
        feat: { kind: 'ephemeral', ttl: '3d' },
      },
    });
    const catalog = await loadCatalog(file);
    const target = (environment: string, pr?: number) =>
      resolveTarget(catalog, { environment, event: { pullRequest: pr }, now: clock.now() });
    const records = createRecordStore(container, silentLogger, () => clock.now());
    /** A state as terraform leaves it, renewed (tagged) as Terrarium does after an apply, and its record. */
    const environment = async (t: Target, expiresAt = t.expiresAt) => {
      const text = stateDocument(1);
      await container.getBlockBlobClient(t.stateKey).upload(text, Buffer.byteLength(text));
      await renewStateBlob(container.getBlobClient(t.stateKey), {
        envId: t.envId,
        touch: t.kind === 'ephemeral',
        now: clock.now(),
        logger: silentLogger,
      });
      await records.begin({ ...t, expiresAt }, { status: 'provisioning' });
      await records.complete(t);
    };
    const backup = (t: Target, reason: BackupReason) =>
      createBackup(container, undefined, t, { reason, logger: silentLogger, now: clock.now() });
    const simulate = async (at: Date, ...flags: string[]) => {
      const terminal = recordingTerminal({ interactive: false });
      const code = await runCli({
        argv: ['policy', '--simulate', '--at', at.toISOString(), ...flags, '--json'],
        env: { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString },
        cwd: dir,
        terminal,
        azure: fakeAzureClients({ arm }),
      });
      const output = terminal.stdout ? (JSON.parse(terminal.stdout) as { actions: Line[] }) : { actions: [] };
      return { code, terminal, lines: output.actions.map(summarize) };
    };
    return { container, dir, target, environment, backup, simulate };
  }

  const summarize = (line: Line) =>
    [
      line.name.replace(/\d{8}T\d{9}Z/, '<time>'),
      line.version,
      line.action,
      line.rule ?? '-',
      line.record?.alive ?? '-',
    ].join(' ');
  const t0Of = async (container: ContainerClient, key: string) =>
    ((await container.getBlobClient(key).getProperties()).lastModified as Date).getTime();

  it('lists what the generated policy tiers and deletes on a date, blob by blob', async () => {
    const bed = await seedBed();
    // Day 0: dev and a PR environment, and a backup of each long-lived environment.
    await bed.environment(bed.target('dev'));
    await bed.environment(bed.target('stg'));
    await bed.environment(bed.target('prod'));
    await bed.environment(bed.target('feat', 1));
    await bed.backup(bed.target('dev'), 'manual');
    await bed.backup(bed.target('stg'), 'pre-apply');
    await bed.backup(bed.target('prod'), 'pre-apply');
    const t0 = await t0Of(bed.container, 'dev/terraform.tfstate');
    // Day 10: another PR environment, with a snapshot of its state.
    clock.advance(10);
    await bed.environment(bed.target('feat', 2));
    await bed.container.getBlobClient('feat/pr-2/terraform.tfstate').createSnapshot();

    const on35 = await bed.simulate(new Date(t0 + 35 * DAY));
    expect(on35.code, on35.terminal.stderr).toBe(0);
    expect(on35.lines).toEqual([
      // 7 days: deleted after exactly its retention (Hot all along: Cool would bill 30 days).
      'backups/dev/<time>-manual.tfstate current delete backups-7d -',
      // 90 days: written Cool, kept; 60 days left are too few for Cold's 90.
      'backups/prod/<time>-pre-apply.tfstate current keep - -',
      // 30 days: written Cool, deleted on day 30.
      'backups/stg/<time>-pre-apply.tfstate current delete backups-30d -',
      'dev/terraform.tfstate current keep - true',
      'dev/terrarium.json current keep - -',
      // Expired on day 3 and untouched since day 0: the backstop takes it on day 30.
      'feat/pr-1/terraform.tfstate current delete ephemeral-states-backstop false',
      'feat/pr-1/terrarium.json current keep - -',
      // 25 days old: kept; its 25-day-old snapshot went after the 7 days of feat's retention.
      'feat/pr-2/terraform.tfstate current keep - false',
      'feat/pr-2/terraform.tfstate snapshot delete state-snapshots-7d -',
      'feat/pr-2/terrarium.json current keep - -',
      'prod/terraform.tfstate current keep - true',
      'prod/terrarium.json current keep - -',
      'stg/terraform.tfstate current keep - true',
      'stg/terrarium.json current keep - -',
    ]);

    // The same as a person reads it: one line per blob with its action, rule and date.
    const terminal = recordingTerminal({ interactive: false });
    const code = await runCli({
      argv: ['policy', '--simulate', '--at', new Date(t0 + 35 * DAY).toISOString()],
      env: { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString },
      cwd: bed.dir,
      terminal,
    });
    expect(code).toBe(0);
    const table = terminal.stdout.split('\n');
    expect(table[0]).toMatch(/^BLOB\s+VERSION\s+ACTION\s+RULE\s+ON\s+RECORD$/);
    expect(table.find((line) => line.includes('feat/pr-1/terraform.tfstate'))).toMatch(
      new RegExp(
        `current\\s+delete\\s+ephemeral-states-backstop\\s+${new Date(t0 + 30 * DAY).toISOString().slice(0, 13)}.*feat-pr-1 expired`,
      ),
    );
    expect(terminal.stdout).toMatch(/live states deleted:\s+0/);
    expect(terminal.stdout).toMatch(/versioning:\s+off \(no versions listed\)/);
  });

  it('plays the policy on the account, and fails when it deletes a state whose record says alive', async () => {
    const bed = await seedBed();
    // A kept PR environment, extended to day 60 the way main did it: the record only, state untouched.
    const kept = bed.target('feat', 3);
    await bed.environment(kept, new Date(clock.now().getTime() + 60 * DAY).toISOString());
    const t0 = await t0Of(bed.container, kept.stateKey);
    // The policy main applied: the backstop by prefix alone, records included.
    const account = arm.addStorageAccount('rg-state', azurite.accountName);
    account.managementPolicy = {
      policy: {
        rules: [
          {
            name: 'ephemeral-states-backstop',
            enabled: true,
            type: 'Lifecycle',
            definition: {
              filters: { blobTypes: ['blockBlob'], prefixMatch: [`${bed.container.containerName}/feat/`] },
              actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: 30 } } },
            },
          },
        ],
      },
    };

    const run = await bed.simulate(
      new Date(t0 + 31 * DAY),
      '--from-account',
      '--subscription',
      arm.subscriptionId,
    );
    expect(run.code).toBe(1);
    expect(run.lines).toEqual([
      'feat/pr-3/terraform.tfstate current delete ephemeral-states-backstop true',
      'feat/pr-3/terrarium.json current delete ephemeral-states-backstop -',
    ]);
    expect(run.terminal.stderr).toMatch(
      /feat\/pr-3\/terraform\.tfstate would be deleted on .* by rule ephemeral-states-backstop while the record of feat-pr-3 says it lives until/,
    );
    expect(arm.requests.map((request) => `${request.method} ${request.path.split('/').at(-1)}`)).toEqual([
      'GET default',
    ]);

    // Nothing to read on an account without a policy: said plainly.
    account.managementPolicy = undefined;
    const none = await bed.simulate(new Date(t0), '--from-account', '--subscription', arm.subscriptionId);
    expect(none.code).toBe(2);
    expect(none.terminal.stderr).toMatch(/has no lifecycle policy, or was not found/);
  });

  it('refuses a date it cannot read and flags that only make sense with --simulate', async () => {
    const bed = await seedBed();
    const terminal = recordingTerminal({ interactive: false });
    const env = { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString };
    expect(
      await runCli({ argv: ['policy', '--simulate', '--at', 'next week'], env, cwd: bed.dir, terminal }),
    ).toBe(2);
    expect(terminal.stderr).toContain(
      '--at "next week" is not a date: write it as 2027-01-31 or 2027-01-31T12:00:00Z',
    );
    const plain = recordingTerminal({ interactive: false });
    expect(await runCli({ argv: ['policy', '--at', '2027-01-31'], env, cwd: bed.dir, terminal: plain })).toBe(
      2,
    );
    expect(plain.stderr).toContain('--at and --from-account go with --simulate');
  });
});
