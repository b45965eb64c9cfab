import { randomUUID } from 'node:crypto';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import type { Azurite } from '../harness/azurite.js';

/** A state shaped like terraform's own (format 4), with one terraform_data resource. */
export function terraformState(serial: number, lineage: string, value = `v${serial}`): string {
  const state = {
    version: 4,
    terraform_version: '1.11.0',
    serial,
    lineage,
    outputs: { value: { value, type: 'string' } },
    resources: [
      {
        mode: 'managed',
        type: 'terraform_data',
        name: 'marker',
        provider: 'provider["terraform.io/builtin/terraform"]',
        instances: [
          {
            schema_version: 0,
            attributes: {
              id: randomUUID(),
              input: { value, type: 'string' },
              output: { value, type: 'string' },
            },
            sensitive_attributes: [],
          },
        ],
      },
    ],
    check_results: null,
  };
  return `${JSON.stringify(state, null, 2)}\n`;
}

export async function writeState(container: ContainerClient, key: string, text: string): Promise<void> {
  await container.getBlockBlobClient(key).upload(text, Buffer.byteLength(text));
}

export async function readJson(container: ContainerClient, key: string): Promise<Record<string, unknown>> {
  const buffer = await container.getBlobClient(key).downloadToBuffer();
  return JSON.parse(buffer.toString('utf8')) as Record<string, unknown>;
}

let counter = 0;
/** A fresh container per test, so tests never see each other's blobs. */
export async function freshContainer(azurite: Azurite, label: string): Promise<ContainerClient> {
  const service = BlobServiceClient.fromConnectionString(azurite.connectionString, {
    retryOptions: { maxTries: 1 },
  });
  counter += 1;
  const container = service.getContainerClient(`${label}-${process.pid}-${counter}-${Date.now() % 100000}`);
  await container.create();
  return container;
}
