import type { ContainerClient } from '@azure/storage-blob';
import { readBlobText } from '../account/blob-text.js';
import {
  parseSloHistoryBlobName,
  SLO_HISTORY_PREFIX,
  SLO_HISTORY_TAG,
  type SloHistoryKey,
  sloHistoryBlobName,
  sloHistoryPrefix,
} from './slo-history-naming.js';

/** Reads in flight at once: a long `--last` must not open hundreds of sockets. */
const READS_AT_ONCE = 16;

/** A kept report as read back: where it is and its text (the SLO package parses it). */
export interface KeptSloReport {
  name: string;
  key: SloHistoryKey;
  text: string;
}

export interface SloHistoryStore {
  /** Writes one report; never over another (the name holds the time to the millisecond and the run). */
  keep(key: SloHistoryKey, json: string): Promise<string>;
  /**
   * The newest `count` reports of one service, newest first: month folders are listed newest
   * first and listing stops once enough are found, so the cost grows with `count`, not with years.
   */
  recent(slo: string, service: string, count: number): Promise<KeptSloReport[]>;
  /** SLO sets with kept reports. */
  sets(): Promise<string[]>;
  /** Services of one SLO set with kept reports. */
  services(slo: string): Promise<string[]>;
}

/** Kept SLO reports under `slo-history/` of the catalog's main container. */
export function createSloHistoryStore(container: ContainerClient): SloHistoryStore {
  /** The folder names one level under `prefix` (`2026/` -> `2026`), in name order. */
  async function folders(prefix: string): Promise<string[]> {
    const found: string[] = [];
    for await (const item of container.listBlobsByHierarchy('/', { prefix })) {
      if (item.kind === 'prefix') found.push(item.name.slice(prefix.length, -1));
    }
    return found.sort();
  }

  return {
    async keep(key, json) {
      const name = sloHistoryBlobName(key);
      await container.getBlockBlobClient(name).upload(json, Buffer.byteLength(json), {
        blobHTTPHeaders: { blobContentType: 'application/json' },
        tags: { [SLO_HISTORY_TAG.name]: SLO_HISTORY_TAG.value },
        conditions: { ifNoneMatch: '*' },
      });
      return name;
    },

    async recent(slo, service, count) {
      const prefix = sloHistoryPrefix(slo, service);
      const names: string[] = [];
      years: for (const year of (await folders(prefix)).reverse()) {
        for (const month of (await folders(`${prefix}${year}/`)).reverse()) {
          const inMonth: string[] = [];
          for await (const blob of container.listBlobsFlat({ prefix: `${prefix}${year}/${month}/` })) {
            if (parseSloHistoryBlobName(blob.name)) inMonth.push(blob.name);
          }
          names.push(...inMonth.sort().reverse());
          if (names.length >= count) break years;
        }
      }
      const kept: KeptSloReport[] = [];
      const wanted = names.slice(0, count);
      for (let i = 0; i < wanted.length; i += READS_AT_ONCE) {
        const batch = wanted.slice(i, i + READS_AT_ONCE);
        kept.push(
          ...(await Promise.all(
            batch.map(async (name) => ({
              name,
              key: parseSloHistoryBlobName(name) as SloHistoryKey,
              text: (await readBlobText(container.getBlobClient(name))).text,
            })),
          )),
        );
      }
      return kept;
    },

    async sets() {
      // An environment may be named slo-history: its instance folders hold blobs, never folders.
      const found: string[] = [];
      for (const slo of await folders(SLO_HISTORY_PREFIX)) {
        if ((await folders(`${SLO_HISTORY_PREFIX}${slo}/`)).length > 0) found.push(slo);
      }
      return found;
    },
    services: (slo) => folders(sloHistoryPrefix(slo)),
  };
}
