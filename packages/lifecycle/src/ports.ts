import type {
  BackupReason,
  EnvironmentRecord,
  EnvironmentView,
  ListedRecord,
  Logger,
  PlanSummary,
  RecordPatch,
  RecordStatus,
  Target,
} from '@terrarium/core';
import type { LogsQueryLike, SloHistoryEntry, SloReport } from '@terrarium/slo';

/**
 * The small interfaces the use cases talk through. @terrarium/runtime's adapters wire them to
 * @terrarium/state, @terrarium/terraform, @terrarium/github and Azure Resource Manager;
 * unit tests use the in-memory ones of @terrarium/lifecycle/testing.
 */

/**
 * A change to an environment's record. Fields left undefined keep their value, but naming
 * `failureReason` (even as undefined) sets it: a new run clears the last one's failure.
 */
export type RecordChange = RecordPatch & {
  status: RecordStatus;
  /** A run starts work on the environment (provisioning or destroying): it takes the record over. */
  begin?: boolean | undefined;
};

/** A record as a listing sees it, whose status tag could be read (others are passed over). */
export type KnownListedRecord = ListedRecord & { status: RecordStatus };

/** The state blob's lease as terraform's azurerm backend leaves it. */
export interface StateLease {
  id: string;
  operation: string | undefined;
  who: string | undefined;
  created: string | undefined;
  path: string | undefined;
}

/**
 * What renewing a state did (see StatePort.renewState). `lastModified` is the storage account's
 * own clock, which is the clock its lifecycle policy counts days by.
 */
export type StateRenewal =
  | { outcome: 'renewed'; lastModified: Date }
  | { outcome: 'absent' }
  | { outcome: 'leased'; lastModified: Date };

export interface BackupRef {
  name: string;
  createdAt: string;
}

export interface StatePort {
  /** The storage account and how it is reached (`connection-string`, `account-key`, `azuread`). */
  readonly account: { name: string; authMode: string };
  /** Creates the catalog's container and the target's when they are missing. */
  ensureContainer(target: Target): Promise<void>;
  /** Creates only the container terraform's backend keeps the target's state in; true when it was made. */
  ensureStateContainer(target: Target): Promise<boolean>;
  /** Writes the azurerm backend settings for `terraform init -backend-config=<file>` into dir; returns the file. */
  writeBackendConfig(target: Target, dir: string): Promise<string>;
  /** Environment variables terraform needs for the backend (keys, tokens); never logged. */
  terraformEnv(): Record<string, string>;
  stateExists(target: Target): Promise<boolean>;
  readRecord(target: Target): Promise<EnvironmentRecord | undefined>;
  /** Creates or updates the record; fields the change leaves out keep their value. */
  writeRecord(target: Target, change: RecordChange): Promise<EnvironmentRecord>;
  deleteRecord(target: Target): Promise<void>;
  /** Every record in the container with a readable status, in one paginated listing (tags only, no per-record reads). */
  listRecords(container: string): Promise<KnownListedRecord[]>;
  readLease(target: Target): Promise<StateLease | undefined>;
  breakLease(target: Target, lease: StateLease): Promise<void>;
  /** Releases the lease held under this id (as its holder would); false when it is not held under it. */
  releaseLease(target: Target, leaseId: string): Promise<boolean>;
  /**
   * Renews the state blob for the lifecycle policy: an ephemeral target's is touched (its
   * Last-Modified starts the backstop's days again) and tagged as a state; every target's is set
   * to its `state-tier`. A leased blob is left alone and says when it was last modified.
   */
  renewState(target: Target): Promise<StateRenewal>;
  /** Copies the state blob to the backups prefix; undefined when there is no state yet. */
  backupState(target: Target, reason: BackupReason): Promise<BackupRef | undefined>;
  /** Drops backups of this target older than its retention. Returns how many went. */
  pruneBackups(target: Target): Promise<number>;
  /** Managed resource instances in the stored state (0 when there is none): read from the blob, no terraform run. */
  countResources(target: Target): Promise<number>;
  /** Deletes the state blob together with its snapshots. */
  deleteState(target: Target): Promise<void>;
}

export interface PlanReport {
  summary: PlanSummary;
  /** `terraform show -json <plan>`, parsed; the plan hash is computed from it. */
  json: unknown;
}

/** One terraform working copy: a root module plus a private data directory. */
export interface TerraformPort {
  init(options: { backendConfigFile: string; lockTimeoutMs: number }): Promise<void>;
  /** Saves the plan to `out`; `changed` is false when terraform reports no changes. */
  plan(options: { out: string; varFiles: string[]; lockTimeoutMs: number }): Promise<{ changed: boolean }>;
  showPlan(planFile: string): Promise<PlanReport>;
  apply(planFile: string, options: { lockTimeoutMs: number }): Promise<void>;
  destroy(options: { varFiles: string[]; lockTimeoutMs: number }): Promise<void>;
  /** The root module's output values, the non-sensitive ones only: a sensitive value never leaves the port. */
  outputs(): Promise<Record<string, unknown>>;
  /**
   * Where terraform left a state it could not save to the backend (`errored.tfstate`), if it did.
   * Optional: ports whose terraform never writes one leave both of these out.
   */
  erroredStateFile?(): Promise<string | undefined>;
  /** `terraform state push <file>`, then the file is removed. */
  pushState?(stateFile: string, options: { lockTimeoutMs: number }): Promise<void>;
}

export interface TerraformWorkspace {
  /** Where terraform runs: the root module, or this run's working copy of it. */
  rootModule: string;
  /** TF_DATA_DIR for this run, so runs sharing a root module never share `.terraform`. */
  dataDir: string;
  env: Record<string, string>;
}

/** Thrown by a TerraformPort when the state lease is held by someone else. */
export class StateLockedError extends Error {
  override readonly name = 'StateLockedError';
  readonly lease: StateLease | undefined;

  constructor(message: string, lease?: StateLease) {
    super(message);
    this.lease = lease;
  }
}

/**
 * Thrown by a TerraformPort when the command failed and terraform said it could not release the
 * lock it took: the state may stay leased by a process that has exited. `leaseId` is the lock's
 * id when terraform could still print it.
 */
export class LockLeftError extends Error {
  override readonly name = 'LockLeftError';
  readonly leaseId: string | undefined;

  constructor(message: string, leaseId: string | undefined, options?: ErrorOptions) {
    super(message, options);
    this.leaseId = leaseId;
  }
}

export type RunState = 'queued' | 'in_progress' | 'completed' | 'unknown';

export interface PullRequestInfo {
  number: number;
  labels: string[];
}

/**
 * GitHub, as the use cases need it. Every method may be called when the feature is
 * disabled; the adapter makes that a no-op.
 */
export interface GitHubPort {
  /** Creates or edits the one sticky comment for the target's pull request (no-op without one). */
  comment(target: Target, view: EnvironmentView): Promise<void>;
  /** Creates a deployment for the target and sets its status; later calls in the same run update it. */
  deploymentStatus(target: Target, view: EnvironmentView): Promise<void>;
  /** Marks every deployment of the target's environment inactive. */
  deactivateDeployments(target: Target): Promise<void>;
  workflowRunState(runId: string): Promise<RunState>;
  /** Open pull requests, in one paginated listing. */
  openPullRequests(): Promise<PullRequestInfo[]>;
  /** Creates or edits the one sticky comment of an SLO report on a pull request. */
  sloComment(
    pullRequest: number,
    sloName: string,
    markdown: string,
    runUrl: string | undefined,
  ): Promise<void>;
  /**
   * Opens, comments on or closes the incident issue of each objective; returns how many it touched.
   * `trends` holds each objective's last nights in Markdown, by `service/objective`.
   */
  syncIncidents(
    report: SloReport,
    runUrl: string | undefined,
    trends?: Readonly<Record<string, string>> | undefined,
  ): Promise<number>;
}

export interface ResourceGroup {
  name: string;
  envId: string;
}

export interface ResourceGroupsPort {
  /** Resource groups carrying the tag, with its value. */
  listTagged(tagName: string): Promise<ResourceGroup[]>;
  delete(name: string): Promise<void>;
}

export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** What every use case runs with: a logger, GitHub when there is a token, the clock. */
export interface RunDeps {
  logger: Logger;
  github?: GitHubPort | undefined;
  clock?: Clock | undefined;
}

/** The environment use cases' ports: the state store, terraform and, for the sweeper, Resource Manager. */
export interface LifecycleDeps extends RunDeps {
  state: StatePort;
  terraform(workspace: TerraformWorkspace): TerraformPort;
  resourceGroups?: ResourceGroupsPort | undefined;
}

/** Kept SLO reports in the state account: one entry per service and night. */
export interface SloHistoryPort {
  /** The newest `count` kept entries of one service of an SLO set, newest first; unreadable ones are passed over. */
  recent(slo: string, service: string, count: number): Promise<SloHistoryEntry[]>;
  /** Keeps one entry, never over another; returns where it went. */
  keep(entry: SloHistoryEntry): Promise<string>;
  /** SLO sets with kept reports. */
  sets(): Promise<string[]>;
  /** Services of one SLO set with kept reports. */
  services(slo: string): Promise<string[]>;
}

/** The SLO report's: the Log Analytics query API behind Application Insights, when asked for. */
export interface SloReportDeps extends RunDeps {
  /** A client for the query API at `endpoint` (a sovereign cloud's), or the public cloud's. */
  logsQuery?: ((endpoint: string | undefined) => LogsQueryLike) | undefined;
  /** Kept reports, wired when there is a catalog (its state account). */
  history?: SloHistoryPort | undefined;
}

/** The workflow run doing the work, recorded so a later run can tell whether its lease is stale. */
export interface RunContext {
  id: string;
  url?: string | undefined;
}
