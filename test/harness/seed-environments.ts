import type { ContainerClient } from '@azure/storage-blob';
import type { EnvironmentRecord } from '@terrarium/core';
import { recordBlobName, recordMetadata, recordTags } from '@terrarium/state';

export interface SeedOptions {
  now: Date;
  /** Uploads in flight at once. */
  concurrency?: number;
  /** Every n-th environment is expired (its TTL passed an hour ago). */
  expiredEvery?: number;
}

/** Environment n: `feat/pr-<n>`, ephemeral, a small state and its record (tags and metadata as the store writes them). */
export function seededRecord(container: string, index: number, options: SeedOptions): EnvironmentRecord {
  const expired = options.expiredEvery !== undefined && index % options.expiredEvery === 0;
  const expiresAt = new Date(options.now.getTime() + (expired ? -1 : 24) * 3_600_000).toISOString();
  const at = options.now.toISOString();
  return {
    schemaVersion: 1,
    environment: 'feat',
    instance: `pr-${index}`,
    envId: `feat-pr-${index}`,
    kind: 'ephemeral',
    stateContainer: container,
    stateKey: `feat/pr-${index}/terraform.tfstate`,
    branch: `feature/${index}`,
    pullRequest: index,
    commit: undefined,
    repository: 'octo/app',
    createdAt: at,
    updatedAt: at,
    expiresAt,
    status: 'ready',
    lastRunId: String(9_000_000_000 + index),
    lastRunUrl: undefined,
    outputs: {},
    url: `https://feat-pr-${index}.example.net`,
    failureReason: undefined,
  };
}

export function stateText(serial: number): string {
  return JSON.stringify({
    version: 4,
    terraform_version: '1.11.4',
    serial,
    lineage: 'seeded',
    outputs: {},
    resources: [{ mode: 'managed', type: 'terraform_data', name: 'app', provider: 'x', instances: [{}] }],
  });
}

/** Creates `count` environments quickly: bounded parallel uploads of one state and one record each. */
export async function seedEnvironments(
  container: ContainerClient,
  count: number,
  options: SeedOptions,
): Promise<void> {
  let next = 1;
  const worker = async () => {
    while (next <= count) {
      const index = next++;
      const record = seededRecord(container.containerName, index, options);
      const state = stateText(index);
      const recordText = JSON.stringify(record);
      await container.getBlockBlobClient(record.stateKey).upload(state, Buffer.byteLength(state));
      await container
        .getBlockBlobClient(recordBlobName(record))
        .upload(recordText, Buffer.byteLength(recordText), {
          tags: recordTags(record),
          metadata: recordMetadata(record),
        });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 32 }, worker));
}
