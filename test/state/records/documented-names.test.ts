import { readFileSync } from 'node:fs';
import type { ContainerClient } from '@azure/storage-blob';
import { BACKUP_REASONS, parseCatalog, resolveTarget, silentLogger } from '@terrarium/core';
import { createBackup, createRecordStore } from '@terrarium/state';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Azurite, startAzurite } from '../../harness/azurite.js';
import { catalogYaml } from '../../harness/catalog.js';
import { freshContainer, terraformState } from '../state-fixtures.js';

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** The State layout table's row for a blob, found by the first name it shows. */
function layoutRow(first: string): string {
  const row = README.split('\n').find((line) => line.startsWith(`| \`${first}`));
  if (!row) throw new Error(`README's state layout has no row starting with ${first}`);
  return row;
}

/**
 * What the README tells an operator about the names in the state account, done as the operator
 * would: the documented tag query run against records the store really wrote, and the documented
 * backup reasons compared with the backups Terrarium really takes.
 */
describe('the names the README documents are the names in storage', () => {
  let azurite: Azurite;
  let container: ContainerClient;
  beforeAll(async () => {
    azurite = await startAzurite();
    container = await freshContainer(azurite, 'names');
  });
  afterAll(async () => {
    await container?.deleteIfExists();
    await azurite?.stop();
  });

  it('finds expired environments with the tag query the README gives', async () => {
    const row = layoutRow('feat/pr-123/terrarium.json');
    const query = /\(`("terrarium" = 'record' AND "[^"]+" < '<now>')`\)/.exec(row)?.[1];
    expect(query, 'the record row documents its tag query').toBeDefined();
    const catalog = parseCatalog(catalogYaml({ account: azurite.accountName }), '/repo/environments.yaml');
    const then = new Date(Date.now() - 100 * 3_600_000);
    const target = resolveTarget(catalog, { environment: 'feat', instance: 'pr-1', now: then });
    const records = createRecordStore(container, silentLogger, () => then);
    await records.begin(target, { status: 'provisioning' });
    await records.complete(target);

    const now = `${new Date().toISOString().slice(0, 19)}Z`;
    const found: string[] = [];
    for await (const blob of container.findBlobsByTags((query ?? '').replace('<now>', now)))
      found.push(blob.name);
    expect(found).toEqual(['feat/pr-1/terrarium.json']);
    // And every tag it documents is one the record carries.
    const tags = (await container.getBlobClient('feat/pr-1/terrarium.json').getTags()).tags;
    for (const documented of ['terrarium', 'env', 'environment', 'kind', 'status', 'expires_at', 'instance'])
      expect(row).toContain(`\`${documented}`);
    expect(Object.keys(tags).every((key) => row.includes(`\`${key}`))).toBe(true);
  });

  it('documents exactly the backup reasons Terrarium writes, and its example name is one', async () => {
    const row = layoutRow('backups/');
    const documented = [...row.matchAll(/`([a-z][a-z-]*)` \(/g)].map((match) => match[1]);
    expect(documented.sort()).toEqual([...BACKUP_REASONS].sort());
    const example = /^\| `backups\/[^`]+-([a-z-]+)\.tfstate`/.exec(row)?.[1];
    expect(BACKUP_REASONS).toContain(example);

    // A backup named as the README says: the reason is the name's last part.
    await container
      .getBlockBlobClient('stg/terraform.tfstate')
      .upload(terraformState(1, 'l-1'), terraformState(1, 'l-1').length);
    const backup = await createBackup(
      container,
      undefined,
      { envId: 'stg', stateKey: 'stg/terraform.tfstate' },
      { reason: 'pre-apply', logger: silentLogger },
    );
    expect(backup.name).toMatch(/^backups\/stg\/\d{8}T\d{9}Z-pre-apply\.tfstate$/);
  });
});
