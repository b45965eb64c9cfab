import type { ContainerClient } from '@azure/storage-blob';
import { silentLogger } from '@terrarium/core';
import { createStatePort } from '@terrarium/runtime';
import { resolveStorageAuth } from '@terrarium/state';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Azurite, startAzurite } from '../../harness/azurite.js';
import { backendSpec, ephemeralTarget } from '../../harness/target-factory.js';

/** A record exactly as Terrarium wrote it before the model moved to core: field names, order, tags. */
const STORED = `{
  "schemaVersion": 1,
  "environment": "feat",
  "instance": "pr-5",
  "envId": "feat-pr-5",
  "kind": "ephemeral",
  "stateContainer": "CONTAINER",
  "stateKey": "feat/pr-5/terraform.tfstate",
  "branch": "feature/pr-5",
  "pullRequest": 5,
  "repository": "octo/app",
  "createdAt": "2026-11-20T10:00:00.000Z",
  "updatedAt": "2026-11-20T10:05:00.000Z",
  "expiresAt": "2026-11-21T10:00:00.000Z",
  "status": "provisioning",
  "lastRunId": "111",
  "lastRunUrl": "https://github.com/octo/app/actions/runs/111",
  "outputs": { "environment_url": "https://feat-pr-5.example.net" },
  "url": "https://feat-pr-5.example.net",
  "failureReason": "apply-failed"
}
`;

describe('environment records written before the shared model', () => {
  let azurite: Azurite;
  let container: ContainerClient;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  beforeEach(async () => {
    const auth = resolveStorageAuth(
      backendSpec('tfstate'),
      { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString },
      { pipelineOptions: { retryOptions: { maxTries: 1 } } },
    );
    container = auth.blobService.getContainerClient(`compat-${process.pid}-${Date.now()}`);
    await container.create();
  });
  afterEach(async () => {
    await container.delete();
  });
  afterAll(async () => {
    await azurite?.stop();
  });

  function port() {
    const auth = resolveStorageAuth(
      backendSpec(container.containerName),
      { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString },
      { pipelineOptions: { retryOptions: { maxTries: 1 } } },
    );
    return createStatePort({ auth, backend: backendSpec(container.containerName), logger: silentLogger });
  }

  it('still read, and a change keeps what it leaves out, clears a named failure, and keeps the field names', async () => {
    const text = STORED.replace('CONTAINER', container.containerName);
    await container.getBlockBlobClient('feat/pr-5/terrarium.json').upload(text, Buffer.byteLength(text), {
      tags: { terrarium: 'record', env: 'feat-pr-5', kind: 'ephemeral', status: 'provisioning' },
    });
    const target = ephemeralTarget(container.containerName, 'feat', 'pr-5');
    const state = port();
    expect(await state.readRecord(target)).toMatchObject({
      envId: 'feat-pr-5',
      status: 'provisioning',
      lastRunId: '111',
      url: 'https://feat-pr-5.example.net',
      failureReason: 'apply-failed',
    });

    // An undefined url must not wipe the one on record; naming failureReason clears it.
    await state.writeRecord(target, { status: 'ready', url: undefined, failureReason: undefined });
    const stored = JSON.parse(
      (await container.getBlobClient('feat/pr-5/terrarium.json').downloadToBuffer()).toString('utf8'),
    ) as Record<string, unknown>;
    expect(stored).toMatchObject({ status: 'ready', url: 'https://feat-pr-5.example.net', lastRunId: '111' });
    expect(stored).not.toHaveProperty('failureReason');
    expect(Object.keys(stored).sort()).toEqual(
      Object.keys(JSON.parse(STORED))
        .filter((key) => key !== 'failureReason')
        .sort(),
    );
    const [listed] = await state.listRecords(container.containerName);
    expect(listed).toMatchObject({ envId: 'feat-pr-5', status: 'ready', lastRunId: '111' });
  });
});
