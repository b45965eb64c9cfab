import type { EnvironmentKind } from './catalog-types.js';

/**
 * The one model of an environment instance's record, shared by the state store (which keeps it as
 * JSON beside the state, under these very field names), the use cases (through their ports) and
 * GitHub (the sticky comment and the deployment render a view of it).
 */

export const RECORD_SCHEMA_VERSION = 1;

/** Where an environment stands, as its record says. */
export type RecordStatus = 'provisioning' | 'ready' | 'destroying' | 'teardown-failed';
export const RECORD_STATUSES: readonly RecordStatus[] = [
  'provisioning',
  'ready',
  'destroying',
  'teardown-failed',
];

/** One environment's own account of itself, kept beside its state as `<dir of state key>/terrarium.json`. */
export interface EnvironmentRecord {
  schemaVersion: typeof RECORD_SCHEMA_VERSION;
  environment: string;
  instance: string | undefined;
  envId: string;
  kind: EnvironmentKind;
  stateContainer: string;
  stateKey: string;
  branch: string | undefined;
  pullRequest: number | undefined;
  commit: string | undefined;
  repository: string | undefined;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601 of the last change; how long a run has been stuck is measured from it. */
  updatedAt: string;
  /** ISO 8601 for ephemeral environments; undefined for long-lived ones. */
  expiresAt: string | undefined;
  status: RecordStatus;
  /** The workflow run that last changed the record (and may hold the state lease). */
  lastRunId: string | undefined;
  lastRunUrl: string | undefined;
  /** Non-sensitive terraform outputs only. */
  outputs: Record<string, unknown>;
  url: string | undefined;
  failureReason: string | undefined;
}

/** The fields a run may change once it has begun; a field left out keeps its value. */
export type RecordPatch = Partial<
  Pick<
    EnvironmentRecord,
    'status' | 'outputs' | 'url' | 'failureReason' | 'expiresAt' | 'lastRunId' | 'lastRunUrl'
  >
>;

/** What a listing knows of a record without reading it: its tags and metadata. */
export interface ListedRecord {
  envId: string;
  environment: string;
  instance: string | undefined;
  /** Undefined when the record's tags do not say (a record written by hand, or damaged). */
  kind: EnvironmentKind | undefined;
  status: RecordStatus | undefined;
  expiresAt: string | undefined;
  pullRequest: number | undefined;
  stateContainer: string | undefined;
  stateKey: string | undefined;
  lastRunId: string | undefined;
  url: string | undefined;
  /** When the record was last written. */
  lastModified: Date | undefined;
}

/** What a plan changes: counts as terraform's own "Plan:" line counts them, and addresses by action. */
export interface PlanSummary {
  add: number;
  change: number;
  destroy: number;
  replace: number;
  addresses: { add: string[]; change: string[]; destroy: string[]; replace: string[] };
}

/** What the comment and the deployment say: the record's status, or a moment of a run. */
export type EnvironmentStatus = RecordStatus | 'planned' | 'failed' | 'destroyed';

/** What the sticky comment and the deployment show about one environment. */
export interface EnvironmentView {
  envId: string;
  status: EnvironmentStatus;
  url?: string | undefined;
  /** The plan; a view may name only some of its addresses, or none. */
  planSummary?:
    | (Omit<PlanSummary, 'addresses'> & { addresses?: Partial<PlanSummary['addresses']> | undefined })
    | undefined;
  /** Identifies the exact plan that was (or will be) applied. */
  planHash?: string | undefined;
  /** One line of context (why a plan waits, what failed); escaped where it is shown. */
  message?: string | undefined;
  runUrl?: string | undefined;
  /** The pull request's head branch: free text from the author, escaped before it is shown. */
  branch?: string | undefined;
  /** ISO 8601. */
  expiresAt?: string | undefined;
  /** Free text (often terraform's error): shown in a code block, never as markdown. */
  failureReason?: string | undefined;
  /** Non-sensitive outputs only: everything here is published on the pull request. */
  outputs?: Record<string, unknown> | undefined;
}
