/**
 * The environment catalog (`environments.yaml`), as the rest of Terrarium sees it once
 * it has been parsed and validated. YAML keys are kebab-case; these fields are their
 * camelCase twins (`storage-account` -> `storageAccount`).
 */

import type { SourceLocation } from './errors.js';

export type EnvironmentKind = 'long-lived' | 'ephemeral';
export type SafetyLevel = 'basic' | 'enhanced' | 'maximum';
export type AccessTier = 'Hot' | 'Cool' | 'Cold';
/** One key per ephemeral environment in the shared container, or one temporary container each. */
export type EphemeralLayout = 'shared-container' | 'container-per-environment';
export type TerraformBinary = 'terraform' | 'tofu';

export interface BackendSpec {
  storageAccount: string;
  resourceGroup: string | undefined;
  subscriptionId: string | undefined;
  /** Container that holds long-lived states, records and backups (and ephemeral states in the shared layout). */
  container: string;
  ephemeralLayout: EphemeralLayout;
}

export interface TerraformSpec {
  /** Root module directory, relative to the catalog file's directory. */
  rootModule: string;
  binary: TerraformBinary;
}

export interface LifecycleSpec {
  /** Previous blob versions move to Cool after this many days... */
  versionsToCoolAfterDays: number;
  /** ...and are deleted after this many. */
  deleteVersionsAfterDays: number;
  /** Backups under the backups prefix move to Cool, then Cold, then are deleted. */
  backupsToColdAfterDays: number;
  /** Backstop: an ephemeral state untouched this long is deleted by the storage account itself. */
  deleteEphemeralStateAfterDays: number;
  /** Where the catalog sets it (the file alone when it is the default), for messages about a ttl. */
  deleteEphemeralStateAfterDaysAt?: SourceLocation | undefined;
  /** Kept SLO reports (`slo-history/` in the main container) are deleted after this many days. */
  deleteSloHistoryAfterDays: number;
}

export interface EnvironmentSpec {
  name: string;
  kind: EnvironmentKind;
  description: string | undefined;
  safety: SafetyLevel;
  /** Var files, relative to the catalog file's directory. */
  varFiles: string[];
  variables: Record<string, unknown>;
  /** Time to live for ephemeral environments, in seconds; undefined for long-lived ones. */
  ttlSeconds: number | undefined;
  /** Scaling parameters (perf), handed to terraform as the `scaling` variable. */
  scaling: Record<string, number | string | boolean>;
  stateTier: AccessTier;
  backupRetentionDays: number;
}

export interface Catalog {
  /** Absolute path of the file it was read from (used in messages and to resolve relative paths). */
  file: string;
  version: 1;
  backend: BackendSpec;
  terraform: TerraformSpec;
  lifecycle: LifecycleSpec;
  /** In the order they appear in the file. */
  environments: EnvironmentSpec[];
}
