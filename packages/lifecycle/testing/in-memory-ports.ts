import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import {
  type EnvironmentRecord,
  type EnvironmentView,
  RECORD_SCHEMA_VERSION,
  type Target,
} from '@terrarium/core';
import type { SloHistoryEntry, SloReport } from '@terrarium/slo';
import type {
  BackupRef,
  Clock,
  GitHubPort,
  KnownListedRecord,
  PlanReport,
  PullRequestInfo,
  RecordChange,
  ResourceGroup,
  ResourceGroupsPort,
  RunState,
  SloHistoryPort,
  StateLease,
  StatePort,
  StateRenewal,
  TerraformPort,
  TerraformWorkspace,
} from '../src/ports.js';

/**
 * In-memory stand-ins for the ports, for unit tests of the use cases. They keep what the
 * real systems would keep (blobs, leases, resources) and a journal of every call, so tests
 * assert on order ("nothing touched before the refusal") as well as on results.
 */

export interface Journal {
  calls: string[];
}

export class InMemoryState implements StatePort {
  readonly states = new Map<string, string>();
  readonly records = new Map<string, EnvironmentRecord>();
  readonly leases = new Map<string, StateLease>();
  readonly backups: { key: string; ref: BackupRef; content: string }[] = [];
  readonly containers = new Set<string>();
  /** When a state was last renewed, by the storage account's clock (the test clock when never). */
  readonly modified = new Map<string, Date>();
  failBackup = false;
  readonly account = { name: 'terrariumtest', authMode: 'account-key' };
  private counter = 0;

  constructor(
    private readonly journal: Journal,
    private readonly clock: Clock,
  ) {}

  private key(target: Target) {
    return `${target.stateContainer}/${target.stateKey}`;
  }

  async ensureContainer(target: Target) {
    this.journal.calls.push('state.ensureContainer');
    this.containers.add(target.stateContainer);
  }
  async ensureStateContainer(target: Target) {
    this.journal.calls.push('state.ensureStateContainer');
    const created = !this.containers.has(target.stateContainer);
    this.containers.add(target.stateContainer);
    return created;
  }
  async writeBackendConfig(target: Target, dir: string) {
    this.journal.calls.push('state.writeBackendConfig');
    // The fake terraform reads the state key back from the file name.
    return `${dir}/${encodeURIComponent(this.key(target))}.tfbackend`;
  }
  terraformEnv() {
    return { ARM_ACCESS_KEY: 'secret-key' };
  }
  async stateExists(target: Target) {
    return this.states.has(this.key(target));
  }
  async readRecord(target: Target) {
    return this.records.get(this.key(target));
  }
  async writeRecord(target: Target, change: RecordChange) {
    this.journal.calls.push(`state.writeRecord:${change.status}`);
    const previous = this.records.get(this.key(target));
    const defined = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
    const { begin: _begin, ...fields } = defined;
    const now = this.clock.now().toISOString();
    const record: EnvironmentRecord = {
      schemaVersion: RECORD_SCHEMA_VERSION,
      envId: target.envId,
      environment: target.environment,
      instance: target.instance,
      kind: target.kind,
      stateContainer: target.stateContainer,
      stateKey: target.stateKey,
      lastRunId: undefined,
      lastRunUrl: undefined,
      pullRequest: target.pullRequest,
      branch: target.branch,
      commit: target.commit,
      repository: undefined,
      createdAt: now,
      url: undefined,
      outputs: {},
      expiresAt: target.expiresAt,
      failureReason: undefined,
      ...previous,
      ...fields,
      status: change.status,
      updatedAt: now,
    };
    if ('failureReason' in change) record.failureReason = change.failureReason;
    this.records.set(this.key(target), record);
    return record;
  }
  async deleteRecord(target: Target) {
    this.journal.calls.push('state.deleteRecord');
    this.records.delete(this.key(target));
  }
  async listRecords(container: string): Promise<KnownListedRecord[]> {
    this.journal.calls.push('state.listRecords');
    return [...this.records.entries()]
      .filter(([key]) => key.startsWith(`${container}/`))
      .map(([, record]) => ({ ...record, lastModified: new Date(record.updatedAt) }));
  }
  async readLease(target: Target) {
    return this.leases.get(this.key(target));
  }
  async breakLease(target: Target) {
    this.journal.calls.push('state.breakLease');
    this.leases.delete(this.key(target));
  }
  async releaseLease(target: Target, leaseId: string) {
    this.journal.calls.push('state.releaseLease');
    if (this.leases.get(this.key(target))?.id !== leaseId) return false;
    this.leases.delete(this.key(target));
    return true;
  }
  async renewState(target: Target): Promise<StateRenewal> {
    this.journal.calls.push('state.renewState');
    const key = this.key(target);
    if (!this.states.has(key)) return { outcome: 'absent' };
    const lastModified = this.modified.get(key) ?? this.clock.now();
    if (this.leases.has(key)) return { outcome: 'leased', lastModified };
    const now = this.clock.now();
    this.modified.set(key, now);
    return { outcome: 'renewed', lastModified: now };
  }
  async backupState(target: Target, reason: string) {
    this.journal.calls.push(`state.backupState:${reason}`);
    if (this.failBackup) throw new Error('backup store unavailable');
    const content = this.states.get(this.key(target));
    if (content === undefined) return undefined;
    this.counter += 1;
    const ref = {
      name: `backups/${target.stateKey}/${this.counter}-${reason}`,
      createdAt: this.clock.now().toISOString(),
    };
    this.backups.push({ key: this.key(target), ref, content });
    return ref;
  }
  async pruneBackups() {
    return 0;
  }
  async countResources(target: Target) {
    return (JSON.parse(this.states.get(this.key(target)) ?? '[]') as string[]).length;
  }
  async deleteState(target: Target) {
    this.journal.calls.push('state.deleteState');
    this.states.delete(this.key(target));
  }
}

/** A terraform that "manages" a set of resources per state key, kept in InMemoryState.states. */
export class InMemoryTerraform {
  /** What the root module declares; a plan creates what is missing. */
  desired = ['terraform_data.app', 'terraform_data.db'];
  outputs: Record<string, { value: unknown; sensitive: boolean }> = {
    environment_url: { value: 'https://env.example.test', sensitive: false },
    database_connection_string: { value: 'Server=db;Password=hunter2', sensitive: true },
  };
  fail: Partial<Record<'init' | 'plan' | 'apply' | 'destroy', Error>> = {};
  /** Resources a destroy leaves behind (a provider that reports success but keeps something). */
  survivors: string[] = [];
  /** Changes to the plan's JSON between runs, as drift would. */
  planSalt = '';
  readonly workspaces: TerraformWorkspace[] = [];
  /** What the last plan was given. */
  varFiles: string[] = [];
  variables: Record<string, unknown> = {};

  constructor(
    private readonly journal: Journal,
    private readonly state: InMemoryState,
  ) {}

  port = (workspace: TerraformWorkspace): TerraformPort => {
    this.workspaces.push(workspace);
    let stateKey = '';
    const current = () => JSON.parse(this.state.states.get(stateKey) ?? '[]') as string[];
    return {
      init: async (options) => {
        this.journal.calls.push('terraform.init');
        if (this.fail.init) throw this.fail.init;
        stateKey = decodeURIComponent(basename(options.backendConfigFile, '.tfbackend'));
      },
      plan: async (options) => {
        this.journal.calls.push('terraform.plan');
        this.varFiles = options.varFiles;
        this.variables = JSON.parse(readFileSync(options.varFiles.at(-1) as string, 'utf8'));
        if (this.fail.plan) throw this.fail.plan;
        return { changed: this.desired.some((address) => !current().includes(address)) };
      },
      showPlan: async (): Promise<PlanReport> => {
        const add = this.desired.filter((address) => !current().includes(address));
        return {
          summary: {
            add: add.length,
            change: 0,
            destroy: 0,
            replace: 0,
            addresses: { add, change: [], destroy: [], replace: [] },
          },
          json: {
            resource_changes: add.map((address) => ({
              address,
              change: { actions: ['create'], after: this.planSalt },
            })),
            timestamp: Date.now(),
          },
        };
      },
      apply: async () => {
        this.journal.calls.push('terraform.apply');
        if (this.fail.apply) throw this.fail.apply;
        this.state.states.set(stateKey, JSON.stringify(this.desired));
      },
      destroy: async () => {
        this.journal.calls.push('terraform.destroy');
        if (this.fail.destroy) throw this.fail.destroy;
        this.state.states.set(stateKey, JSON.stringify(this.survivors));
      },
      // As the real port does: sensitive values never leave it.
      outputs: async () =>
        current().length > 0
          ? Object.fromEntries(
              Object.entries(this.outputs)
                .filter(([, output]) => !output.sensitive)
                .map(([name, output]) => [name, output.value]),
            )
          : {},
    };
  };
}

export class InMemoryGitHub implements GitHubPort {
  readonly comments = new Map<number, EnvironmentView[]>();
  readonly deployments: EnvironmentView[] = [];
  readonly deactivated: string[] = [];
  readonly runs = new Map<string, RunState>();
  openPulls: PullRequestInfo[] = [];
  readonly sloComments: { pullRequest: number; sloName: string; markdown: string }[] = [];
  readonly incidentReports: SloReport[] = [];
  /** The trends handed with each incident sync, by `service/objective`. */
  readonly incidentTrends: (Readonly<Record<string, string>> | undefined)[] = [];

  constructor(private readonly journal: Journal) {}

  async comment(target: Target, view: EnvironmentView) {
    this.journal.calls.push(`github.comment:${view.status}`);
    const number = target.pullRequest as number;
    this.comments.set(number, [...(this.comments.get(number) ?? []), view]);
  }
  async deploymentStatus(_target: Target, view: EnvironmentView) {
    this.journal.calls.push(`github.deployment:${view.status}`);
    this.deployments.push(view);
  }
  async deactivateDeployments(target: Target) {
    this.journal.calls.push('github.deactivate');
    this.deactivated.push(target.envId);
  }
  async workflowRunState(runId: string) {
    return this.runs.get(runId) ?? 'unknown';
  }
  async openPullRequests() {
    this.journal.calls.push('github.openPullRequests');
    return this.openPulls;
  }
  async sloComment(pullRequest: number, sloName: string, markdown: string) {
    this.journal.calls.push('github.sloComment');
    this.sloComments.push({ pullRequest, sloName, markdown });
  }
  async syncIncidents(
    report: SloReport,
    _runUrl: string | undefined,
    trends?: Readonly<Record<string, string>>,
  ) {
    this.journal.calls.push('github.syncIncidents');
    this.incidentReports.push(report);
    this.incidentTrends.push(trends);
    return report.objectives.filter((objective) => objective.status !== 'met').length;
  }
}

/** Kept SLO reports as the state account would hold them: by SLO set and service, any order. */
export class InMemorySloHistory implements SloHistoryPort {
  readonly entries: SloHistoryEntry[] = [];
  /** Set to make every call fail, as an unreachable account would. */
  failure: Error | undefined;

  constructor(private readonly journal: Journal) {}

  async recent(slo: string, service: string, count: number) {
    this.journal.calls.push(`history.recent:${service}`);
    if (this.failure) throw this.failure;
    return this.entries
      .filter((entry) => entry.slo === slo && entry.service === service)
      .sort((a, b) => b.generatedAt.localeCompare(a.generatedAt))
      .slice(0, count);
  }
  async keep(entry: SloHistoryEntry) {
    this.journal.calls.push(`history.keep:${entry.service}`);
    if (this.failure) throw this.failure;
    // Through JSON, as the blob would: undefined fields are dropped.
    this.entries.push(JSON.parse(JSON.stringify(entry)) as SloHistoryEntry);
    return `slo-history/${entry.slo}/${entry.service}/${entry.generatedAt}-${entry.run.id}.json`;
  }
  async sets() {
    return [...new Set(this.entries.map((entry) => entry.slo))].sort();
  }
  async services(slo: string) {
    return [...new Set(this.entries.filter((e) => e.slo === slo).map((e) => e.service))].sort();
  }
}

export class InMemoryResourceGroups implements ResourceGroupsPort {
  groups: ResourceGroup[] = [];
  readonly deleted: string[] = [];

  async listTagged() {
    return this.groups;
  }
  async delete(name: string) {
    this.deleted.push(name);
    this.groups = this.groups.filter((group) => group.name !== name);
  }
}

/** A clock that moves only when someone sleeps. */
export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now() {
    return new Date(this.current);
  }
  async sleep(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}
