import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Azurite, startAzurite } from './azurite.js';

describe('azurite harness', () => {
  let azurite: Azurite | undefined;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(async () => {
    await azurite?.stop();
  });

  it('serves blob storage for the custom test account', async () => {
    const service = BlobServiceClient.fromConnectionString((azurite as Azurite).connectionString, {
      retryOptions: { maxTries: 1 },
    });
    const container = service.getContainerClient(`harness-${Date.now()}`);
    await container.create();
    await container.getBlockBlobClient('a/b.txt').upload('hello', 5);
    const names: string[] = [];
    for await (const blob of container.listBlobsFlat()) names.push(blob.name);
    expect(names).toEqual(['a/b.txt']);
    await container.delete();
  });
});
