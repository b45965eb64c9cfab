import type { LifecycleSpec, SafetyLevel } from './catalog-types.js';

/** Kept equal to the `default`s in schema/environments.schema.json (a test holds them together). */
export const DEFAULT_CONTAINER = 'tfstate';
export const DEFAULT_LIFECYCLE: Readonly<LifecycleSpec> = {
  versionsToCoolAfterDays: 30,
  deleteVersionsAfterDays: 90,
  backupsToColdAfterDays: 30,
  deleteEphemeralStateAfterDays: 30,
  deleteSloHistoryAfterDays: 90,
};

const RETENTION_DAYS: Record<string, number> = { dev: 7, test: 7, stg: 30, prod: 90 };
const SAFETY: Record<string, SafetyLevel> = { stg: 'enhanced', prod: 'maximum' };

/** Backup retention when the catalog does not say: the closer to production, the longer. */
export function defaultBackupRetentionDays(environment: string): number {
  return RETENTION_DAYS[environment] ?? 7;
}

/** Safety when the catalog does not say: prod gets maximum, stg enhanced, everything else basic. */
export function defaultSafety(environment: string, ephemeral: boolean): SafetyLevel {
  return ephemeral ? 'basic' : (SAFETY[environment] ?? 'basic');
}

/** Variables Terrarium itself hands to terraform; the catalog may not set them. */
export const RESERVED_VARIABLES: readonly string[] = [
  'environment',
  'environment_id',
  'instance',
  'branch',
  'pr_number',
  'expires_at',
  'tags',
  'scaling',
];
