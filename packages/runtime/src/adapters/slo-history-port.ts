import type { Logger } from '@terrarium/core';
import type { SloHistoryPort } from '@terrarium/lifecycle';
import { parseHistoryEntry, type SloHistoryEntry } from '@terrarium/slo';
import { createSloHistoryStore, type StorageAuth } from '@terrarium/state';

export interface SloHistoryPortOptions {
  auth: StorageAuth;
  /** The catalog's main container: kept reports live under its `slo-history/`. */
  container: string;
  logger: Logger;
}

/** The SloHistoryPort over @terrarium/state's history room: one JSON blob per service and night. */
export function createSloHistoryPort(options: SloHistoryPortOptions): SloHistoryPort {
  const store = createSloHistoryStore(options.auth.blobService.getContainerClient(options.container));
  return {
    async recent(slo, service, count) {
      const entries: SloHistoryEntry[] = [];
      for (const kept of await store.recent(slo, service, count)) {
        const entry = parseHistoryEntry(kept.text);
        // A blob that is not ours to read (hand-written, cut short) must not cost the night its report.
        if (entry) entries.push(entry);
        else options.logger.warning(`SLO history: ${kept.name} is not a kept SLO report; passed over.`);
      }
      return entries;
    },
    keep: (entry) =>
      store.keep(
        { slo: entry.slo, service: entry.service, at: new Date(entry.generatedAt), runId: entry.run.id },
        `${JSON.stringify(entry)}\n`,
      ),
    sets: () => store.sets(),
    services: (slo) => store.services(slo),
  };
}
