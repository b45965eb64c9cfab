import { formatBackupTimestamp, parseBackupTimestamp } from '../backups/backup-naming.js';

/** Every kept SLO report lives under this prefix of the catalog's main container. */
export const SLO_HISTORY_PREFIX = 'slo-history/';

/**
 * The blob index tag every kept report carries. The lifecycle rule matches it as well as the
 * prefix: an environment may be named `slo-history`, and its states must never match the rule.
 */
export const SLO_HISTORY_TAG = { name: 'terrarium', value: 'slo-history' } as const;

// Names as the SLO file's schema allows them (metadata.name, services[].name): safe path segments.
const SLO_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const NAME = /^slo-history\/([^/]+)\/([^/]+)\/(\d{4})\/(\d{2})\/(\d{8}T\d{9}Z)-([A-Za-z0-9_-]+)\.json$/;

export interface SloHistoryKey {
  slo: string;
  service: string;
  at: Date;
  runId: string;
}

/** `slo-history/<slo>/`, or `slo-history/<slo>/<service>/` with a service. */
export function sloHistoryPrefix(slo: string, service?: string): string {
  if (!SLO_NAME.test(slo)) throw new Error(`SLO name ${JSON.stringify(slo)} cannot name a history folder`);
  if (service === undefined) return `${SLO_HISTORY_PREFIX}${slo}/`;
  if (!SERVICE_NAME.test(service)) {
    throw new Error(`service name ${JSON.stringify(service)} cannot name a history folder`);
  }
  return `${SLO_HISTORY_PREFIX}${slo}/${service}/`;
}

/**
 * `slo-history/<slo>/<service>/<yyyy>/<mm>/<UTC timestamp>-<run>.json`: a folder a month, so the
 * newest are found by listing the newest month first; fixed-width stamps, so names sort in time.
 */
export function sloHistoryBlobName(key: SloHistoryKey): string {
  const stamp = formatBackupTimestamp(key.at);
  // A run id is GitHub's number (or `local`); anything else is made safe rather than refused.
  const run = key.runId.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64) || 'run';
  return `${sloHistoryPrefix(key.slo, key.service)}${stamp.slice(0, 4)}/${stamp.slice(4, 6)}/${stamp}-${run}.json`;
}

/** The key of a kept report's blob name, or undefined for any other blob under the prefix. */
export function parseSloHistoryBlobName(name: string): SloHistoryKey | undefined {
  const m = NAME.exec(name);
  if (!m) return undefined;
  const [, slo = '', service = '', year, month, stamp = '', runId = ''] = m;
  const at = parseBackupTimestamp(stamp);
  if (!at || stamp.slice(0, 4) !== year || stamp.slice(4, 6) !== month) return undefined;
  return { slo, service, at, runId };
}
