import type { Catalog } from '@terrarium/core';
import { listStatus, type ProgressListener, type StatusRow } from '@terrarium/state';
import type { StorageSession } from './storage-session.js';

/**
 * Every environment's status row. In the container-per-environment layout an ephemeral state
 * lives in its own `<container>-<env id>` container while its record stays in the main one, so
 * those containers are listed too (one listing each) and their state joins the record's row.
 */
export async function listAllStatus(
  storage: StorageSession,
  catalog: Catalog,
  options: { deep: boolean; onProgress?: ProgressListener | undefined },
): Promise<StatusRow[]> {
  const rows = await listStatus(storage.main, options);
  if (catalog.backend.ephemeralLayout !== 'container-per-environment') return rows;
  const byEnvId = new Map(rows.map((row) => [row.envId, row]));
  const prefix = `${catalog.backend.container}-`;
  for await (const item of storage.auth.blobService.listContainers({ prefix })) {
    const container = storage.auth.blobService.getContainerClient(item.name);
    for (const state of await listStatus(container, options)) {
      if (!state.stateFound) continue;
      const record = byEnvId.get(state.envId);
      if (record && !record.stateFound) {
        // The record knows the status and expiry; the environment's container knows the state.
        Object.assign(record, {
          ...state,
          status: record.status,
          expiresAt: record.expiresAt,
          ttlMs: record.ttlMs,
          url: record.url,
        });
        record.stateKey = `${item.name}/${state.stateKey ?? ''}`;
      } else {
        rows.push({ ...state, stateKey: `${item.name}/${state.stateKey ?? ''}` });
      }
    }
  }
  return rows.sort((a, b) => a.envId.localeCompare(b.envId));
}
