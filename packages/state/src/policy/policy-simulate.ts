import { posix } from 'node:path';
import type { ManagementPolicyRule, ManagementPolicySchema } from '@azure/arm-storage';
import { BACKUPS_PREFIX } from '../backups/backup-naming.js';
import type { StorageTier } from '../cost/cost-prices.js';
import { isStateBlobName } from '../listing/status-listing.js';
import { isRecordBlobName, summaryFrom } from '../records/record-types.js';

const DAY_MS = 86_400_000;

/** One object the lifecycle policy acts on: a blob's current version, a previous version, or a snapshot. */
export interface PolicyObject {
  container: string;
  name: string;
  version: 'current' | 'previous' | 'snapshot';
  /** The version id or snapshot time, for a previous version or a snapshot. */
  id?: string | undefined;
  blobType: 'blockBlob' | 'appendBlob' | 'pageBlob';
  lastModified: Date;
  /** For a previous version, when it was written; for a snapshot, when it was taken. */
  createdAt: Date;
  tier: StorageTier;
  tags: Record<string, string>;
  metadata: Record<string, string>;
  /** True when the account keeps versions (a listing with versions gives the current one an id too). */
  versioned: boolean;
}

export type PolicyActionName = 'keep' | 'delete' | 'tierToCool' | 'tierToCold' | 'tierToArchive';
export type PolicyObjectKind = 'state' | 'record' | 'backup' | 'other';

/** What the environment's record says at the moment the action happens. */
export interface RecordVerdict {
  envId: string;
  /** The record still says the environment is there (long-lived, or not yet expired). */
  alive: boolean;
  expiresAt: string | undefined;
}

export interface SimulatedAction {
  container: string;
  name: string;
  version: PolicyObject['version'];
  id: string | undefined;
  kind: PolicyObjectKind;
  /** What the rules will have done to it by the simulated date; `keep` when nothing. */
  action: PolicyActionName;
  rule: string | undefined;
  /** The earliest date the action happens (Azure runs the policy about once a day, so up to a day later). */
  dueAt: Date | undefined;
  /**
   * A deleted current version on a versioned account lives on as a previous version: when that one
   * goes too (by then), or undefined when it is still kept on the simulated date.
   */
  goneAt?: Date | undefined;
  note?: string | undefined;
  /** For a state: its environment's record, as it reads when the state is deleted (or on the date). */
  record?: RecordVerdict | undefined;
}

export interface PolicySimulation {
  at: Date;
  versioning: boolean;
  actions: SimulatedAction[];
  /** States the policy deletes while their environment's record says it is alive: must be empty. */
  liveStatesDeleted: SimulatedAction[];
}

const COST_ORDER: readonly PolicyActionName[] = ['delete', 'tierToArchive', 'tierToCold', 'tierToCool'];
const TIER_OF: Partial<Record<PolicyActionName, StorageTier>> = {
  tierToCool: 'Cool',
  tierToCold: 'Cold',
  tierToArchive: 'Archive',
};
const COLDNESS: Record<StorageTier, number> = { Hot: 0, Cool: 1, Cold: 2, Archive: 3 };

interface Due {
  action: PolicyActionName;
  rule: string;
  dueAt: Date;
}

function matches(
  rule: ManagementPolicyRule,
  object: PolicyObject,
  asVersion: PolicyObject['version'],
): boolean {
  if (rule.enabled === false) return false;
  const filters = rule.definition.filters;
  if (!filters) return true;
  if (filters.blobTypes && !filters.blobTypes.includes(object.blobType)) return false;
  const path = `${object.container}/${object.name}`;
  if (filters.prefixMatch?.length && !filters.prefixMatch.some((prefix) => path.startsWith(prefix)))
    return false;
  const tags = filters.blobIndexMatch ?? [];
  // Tags select current blobs only: a previous version or a snapshot is never matched by them.
  if (tags.length > 0 && asVersion !== 'current') return false;
  return tags.every((tag) => object.tags[tag.name] === tag.value);
}

/** When each action of the rules that match is due, for the object seen as a current blob, a version or a snapshot. */
function dueActions(
  rules: readonly ManagementPolicyRule[],
  object: PolicyObject,
  asVersion: PolicyObject['version'],
): Due[] {
  const out: Due[] = [];
  const kind = asVersion === 'current' ? 'baseBlob' : asVersion === 'previous' ? 'version' : 'snapshot';
  for (const rule of rules) {
    if (!matches(rule, object, asVersion)) continue;
    const set = (rule.definition.actions as Record<string, Record<string, unknown> | undefined>)[kind];
    if (!set) continue;
    for (const action of COST_ORDER) {
      const condition = set[action] as Record<string, number | undefined> | undefined;
      if (!condition) continue;
      // Last access time is not known here: a blob is taken as last read when it was last written.
      const modified =
        condition.daysAfterModificationGreaterThan ?? condition.daysAfterLastAccessTimeGreaterThan;
      const from = modified !== undefined ? object.lastModified : object.createdAt;
      const days = modified ?? condition.daysAfterCreationGreaterThan;
      if (days === undefined) continue;
      out.push({ action, rule: rule.name, dueAt: new Date(from.getTime() + days * DAY_MS) });
    }
  }
  return out;
}

/** The action Azure takes by `at`: delete over any tiering, then the coolest tier; the earliest rule of each. */
function decide(due: Due[], tier: StorageTier, at: Date): Due | undefined {
  const ready = due.filter((item) => item.dueAt.getTime() < at.getTime());
  for (const action of COST_ORDER) {
    const target = TIER_OF[action];
    if (target && COLDNESS[target] <= COLDNESS[tier]) continue;
    const first = ready
      .filter((item) => item.action === action)
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())[0];
    if (first) return first;
  }
  return undefined;
}

function kindOf(name: string): PolicyObjectKind {
  if (isRecordBlobName(name)) return 'record';
  if (name.startsWith(BACKUPS_PREFIX) || name.includes(`/${BACKUPS_PREFIX}`)) return 'backup';
  return isStateBlobName(posix.basename(name)) ? 'state' : 'other';
}

interface RecordFacts {
  envId: string;
  longLived: boolean;
  expiresAt: string | undefined;
}

/** Records, by the state they describe (`<container>/<key>`), from their tags and metadata. */
function recordsByState(objects: readonly PolicyObject[]): Map<string, RecordFacts> {
  const records = new Map<string, RecordFacts>();
  for (const object of objects) {
    if (object.version !== 'current') continue;
    const summary = summaryFrom({ name: object.name, tags: object.tags, metadata: object.metadata });
    if (!summary?.stateKey) continue;
    records.set(`${summary.stateContainer ?? object.container}/${summary.stateKey}`, {
      envId: summary.envId,
      longLived: summary.kind === 'long-lived',
      expiresAt: summary.expiresAt,
    });
  }
  return records;
}

function verdict(record: RecordFacts | undefined, when: Date): RecordVerdict | undefined {
  if (!record) return undefined;
  const alive =
    record.longLived || (record.expiresAt !== undefined && Date.parse(record.expiresAt) > when.getTime());
  return { envId: record.envId, alive, expiresAt: record.expiresAt };
}

const key = (object: PolicyObject) => `${object.container}/${object.name}`;

/**
 * What a lifecycle policy will have done on `at` to the blobs listed now, if nothing else writes
 * them in between, modelled as Azure documents it: current blobs age from their last change,
 * previous versions from when they were written, snapshots from when they were taken; tag filters
 * select current blobs only; the cheapest due action wins (delete, then the coolest tier); a
 * current blob is deleted only once its previous versions and snapshots are (taken here as the
 * same run: the earliest Azure could); on a versioned account a deleted blob lives on as a
 * previous version until a version rule deletes it. Every state the policy deletes is checked
 * against its environment's record at that moment.
 */
export function simulatePolicy(
  policy: ManagementPolicySchema,
  objects: readonly PolicyObject[],
  at: Date,
): PolicySimulation {
  const rules = policy.rules;
  const versioning = objects.some((object) => object.versioned || object.version === 'previous');
  const records = recordsByState(objects);
  const gone = new Map<string, Date[]>();
  const waiting = new Map<string, number>();
  const actions: SimulatedAction[] = [];

  const plain = (object: PolicyObject, decided: Due | undefined): SimulatedAction => ({
    container: object.container,
    name: object.name,
    version: object.version,
    id: object.id,
    kind: kindOf(object.name),
    action: decided?.action ?? 'keep',
    rule: decided?.rule,
    dueAt: decided?.dueAt,
  });

  for (const object of objects) {
    if (object.version === 'current') continue;
    const decided = decide(dueActions(rules, object, object.version), object.tier, at);
    if (decided?.action === 'delete')
      gone.set(key(object), [...(gone.get(key(object)) ?? []), decided.dueAt]);
    else waiting.set(key(object), (waiting.get(key(object)) ?? 0) + 1);
    actions.push(plain(object, decided));
  }

  for (const object of objects) {
    if (object.version !== 'current') continue;
    const due = dueActions(rules, object, 'current');
    let decided = decide(due, object.tier, at);
    let note: string | undefined;
    const blockers = waiting.get(key(object)) ?? 0;
    if (decided?.action === 'delete' && blockers > 0) {
      // Azure keeps a current blob while it has previous versions or snapshots.
      note = `delete due ${decided.dueAt.toISOString()} (${decided.rule}) waits for ${blockers} previous version(s) or snapshot(s)`;
      decided = decide(
        due.filter((item) => item.action !== 'delete'),
        object.tier,
        at,
      );
    } else if (decided?.action === 'delete') {
      const last = Math.max(
        decided.dueAt.getTime(),
        ...(gone.get(key(object)) ?? []).map((d) => d.getTime()),
      );
      decided = { ...decided, dueAt: new Date(last) };
    }
    const action: SimulatedAction = { ...plain(object, decided), note };
    if (decided?.action === 'delete' && versioning) {
      // Now a previous version, aged from when it was written.
      const ghost: PolicyObject = { ...object, version: 'previous', createdAt: object.lastModified };
      const after = decide(dueActions(rules, ghost, 'previous'), object.tier, at);
      action.goneAt =
        after?.action === 'delete'
          ? new Date(Math.max(after.dueAt.getTime(), decided.dueAt.getTime()))
          : undefined;
      if (!action.goneAt) action.note = 'kept as a previous version: no version rule deletes it by then';
    }
    if (action.kind === 'state')
      action.record = verdict(records.get(key(object)), decided?.action === 'delete' ? decided.dueAt : at);
    actions.push(action);
  }

  actions.sort((a, b) =>
    `${a.container}/${a.name}/${a.version}/${a.id ?? ''}`.localeCompare(
      `${b.container}/${b.name}/${b.version}/${b.id ?? ''}`,
    ),
  );
  return {
    at,
    versioning,
    actions,
    liveStatesDeleted: actions.filter(
      (action) =>
        action.kind === 'state' &&
        action.version === 'current' &&
        action.action === 'delete' &&
        action.record?.alive,
    ),
  };
}
