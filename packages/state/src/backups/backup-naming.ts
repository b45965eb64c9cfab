import { ConfigurationError } from '@terrarium/core';

/** Every backup lives under this prefix of the catalog's main container, one folder per environment id. */
export const BACKUPS_PREFIX = 'backups/';

const REASON = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
const ENV_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
// 20261122T000130123Z: fixed width, so names sort in time order.
const STAMP = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/;

export function backupPrefix(envId: string): string {
  checkEnvId(envId);
  return `${BACKUPS_PREFIX}${envId}/`;
}

export function formatBackupTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('.', '');
}

export function parseBackupTimestamp(stamp: string): Date | undefined {
  const m = STAMP.exec(stamp);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, ms] = m;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `backups/<envId>/<UTC timestamp>-<reason>.tfstate` */
export function backupBlobName(envId: string, createdAt: Date, reason: string): string {
  checkBackupReason(reason);
  return `${backupPrefix(envId)}${formatBackupTimestamp(createdAt)}-${reason}.tfstate`;
}

export interface ParsedBackupName {
  envId: string;
  createdAt: Date;
  reason: string;
}

export function parseBackupBlobName(name: string): ParsedBackupName | undefined {
  if (!name.startsWith(BACKUPS_PREFIX) || !name.endsWith('.tfstate')) return undefined;
  const rest = name.slice(BACKUPS_PREFIX.length, -'.tfstate'.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return undefined;
  const envId = rest.slice(0, slash);
  const file = rest.slice(slash + 1);
  const dash = file.indexOf('-');
  if (dash < 0) return undefined;
  const createdAt = parseBackupTimestamp(file.slice(0, dash));
  const reason = file.slice(dash + 1);
  if (!createdAt || !REASON.test(reason)) return undefined;
  return { envId, createdAt, reason };
}

export function checkBackupReason(reason: string): void {
  if (!REASON.test(reason))
    throw new ConfigurationError(
      `backup reason "${reason}" is not valid: use 1-40 lowercase letters, digits and inner hyphens (e.g. "manual", "pre-restore")`,
    );
}

function checkEnvId(envId: string): void {
  if (!ENV_ID.test(envId) || envId.length > 200)
    throw new ConfigurationError(
      `environment id "${envId}" cannot name a backup folder: use letters, digits, ".", "_" and "-" only`,
    );
}
