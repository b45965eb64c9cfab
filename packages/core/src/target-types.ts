import type { AccessTier, EnvironmentKind, SafetyLevel } from './catalog-types.js';

/** What triggered the run, as far as naming needs to know. Built from the GitHub event or CLI flags. */
export interface EventContext {
  eventName?: string | undefined;
  /** Pull request number, for pull_request events. */
  pullRequest?: number | undefined;
  /** GITHUB_RUN_ID, for schedule and workflow_dispatch. */
  runId?: string | undefined;
  /** Branch (head ref) the run is for; free text from the user, never trusted. */
  branch?: string | undefined;
  commit?: string | undefined;
  repository?: string | undefined;
}

export interface ResolveRequest {
  environment: string;
  /** Explicit instance; otherwise derived: `pr-<n>` for pull requests, `run-<run id>` otherwise. */
  instance?: string | undefined;
  event?: EventContext | undefined;
  /** Overrides the catalog's TTL, in seconds. */
  ttlSeconds?: number | undefined;
  /** Clock for expiresAt; defaults to now. */
  now?: Date | undefined;
}

/** One environment instance, fully named. Every name in it is valid where it goes. */
export interface Target {
  environment: string;
  kind: EnvironmentKind;
  safety: SafetyLevel;
  /** `pr-123`, `run-9876543210`; undefined for long-lived environments. */
  instance: string | undefined;
  /** `feat-pr-123`, or the environment name for long-lived ones. */
  envId: string;
  storageAccount: string;
  stateContainer: string;
  /** `stg/terraform.tfstate`, `feat/pr-123/terraform.tfstate`. */
  stateKey: string;
  stateTier: AccessTier;
  backupRetentionDays: number;
  /** Lowercase letters, digits and single hyphens; safe in most Azure resource names. */
  slug: string;
  /** Suggested resource group name (<= 90 characters). */
  resourceGroup: string;
  /** Azure tags (`terrarium-env-id`, `terrarium-environment`, ...), valid per Azure's tag rules. */
  tags: Record<string, string>;
  /** ISO 8601, for ephemeral environments; undefined for long-lived ones. */
  expiresAt: string | undefined;
  branch: string | undefined;
  pullRequest: number | undefined;
  runId: string | undefined;
  commit: string | undefined;
  /** Identity variables handed to terraform: environment, environment_id, instance, branch, pr_number, expires_at, tags. */
  variables: Record<string, unknown>;
}
