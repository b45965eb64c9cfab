import { recordingLogger } from '@terrarium/core/testing';
import { ensureContainer, resolveStorageAuth } from '@terrarium/state';
import { createRequestCounter } from '@terrarium/state/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Azurite, startAzurite } from '../harness/azurite.js';
import { backendSpec, uniqueContainer } from '../harness/target-factory.js';

describe('ensureContainer', () => {
  let azurite: Azurite;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(async () => {
    await azurite?.stop();
  });

  function service(counter = createRequestCounter()) {
    return resolveStorageAuth(
      backendSpec('tfstate'),
      { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString },
      { pipelineOptions: { retryOptions: { maxTries: 1 } }, policies: [counter.policy] },
    ).blobService;
  }

  it('creates a private container once when ten runs race for it', async () => {
    const name = uniqueContainer('boot');
    const logger = recordingLogger();
    const counter = createRequestCounter();
    const blobService = service(counter);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => ensureContainer(blobService, name, logger)),
    );
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(results.filter((result) => !result.created)).toHaveLength(9);
    // One PUT each: nobody checks first and then creates (that would race).
    expect(counter.byMethod).toEqual({ PUT: 10 });
    const properties = await blobService.getContainerClient(name).getProperties();
    expect(properties.blobPublicAccess).toBeUndefined();
    expect(logger.lines.filter((line) => line.level === 'info')).toEqual([
      { level: 'info', message: `Created state container "${name}".` },
    ]);
    expect(await ensureContainer(blobService, name, logger)).toEqual({ created: false });
    await blobService.getContainerClient(name).delete();
  });

  it.each(['ab', 'Tfstate', 'tf--state', 'tf_state', `x${'y'.repeat(63)}`])(
    'refuses the invalid name %s before any request',
    async (name) => {
      const counter = createRequestCounter();
      await expect(ensureContainer(service(counter), name, recordingLogger())).rejects.toThrow(
        /3-63 lowercase letters, digits and single hyphens/,
      );
      expect(counter.total).toBe(0);
    },
  );
});
