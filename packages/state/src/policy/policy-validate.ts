import { ConfigurationError } from '@terrarium/core';
import {
  type ManagementPolicyDocument,
  POLICY_ACTIONS,
  POLICY_LIMITS,
  type PolicyBlobKind,
} from './policy-types.js';

type Json = Record<string, unknown>;

const RULE_NAME = /^[A-Za-z0-9-]+$/;
const CONTAINER = /^(?:\$root|\$web|(?=[a-z0-9-]{3,63}$)[a-z0-9]+(?:-[a-z0-9]+)*)$/;
const BASE_CONDITIONS = [
  'daysAfterModificationGreaterThan',
  'daysAfterLastAccessTimeGreaterThan',
  'daysAfterCreationGreaterThan',
] as const;
const TIER_CHANGE = 'daysAfterLastTierChangeGreaterThan';
/** Cheaper tiers come later: each step must wait longer than the one before. */
const ORDER = ['tierToCool', 'tierToCold', 'tierToArchive', 'delete'] as const;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isDays = (value: unknown): boolean =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0;

function checkCondition(
  kind: PolicyBlobKind,
  action: string,
  condition: unknown,
  at: string,
  problems: string[],
) {
  if (!isObject(condition)) {
    problems.push(`${at} must be an object with a days condition`);
    return;
  }
  const allowed: readonly string[] =
    kind === 'baseBlob' ? [...BASE_CONDITIONS, TIER_CHANGE] : ['daysAfterCreationGreaterThan', TIER_CHANGE];
  for (const [key, value] of Object.entries(condition)) {
    if (!allowed.includes(key))
      problems.push(`${at}.${key} is not a condition for ${kind} (use ${allowed.join(', ')})`);
    else if (!isDays(value)) problems.push(`${at}.${key} must be a whole number of days, 0 or more`);
  }
  if (kind === 'baseBlob') {
    const set = BASE_CONDITIONS.filter((key) => key in condition);
    if (set.length !== 1)
      problems.push(`${at} needs exactly one of ${BASE_CONDITIONS.join(', ')} (they are mutually exclusive)`);
  } else if (!('daysAfterCreationGreaterThan' in condition)) {
    problems.push(`${at}.daysAfterCreationGreaterThan is required for ${kind} actions`);
  }
  if (TIER_CHANGE in condition) {
    if (action !== 'tierToArchive') problems.push(`${at}.${TIER_CHANGE} is only allowed on tierToArchive`);
    else if (kind === 'baseBlob' && !('daysAfterModificationGreaterThan' in condition))
      problems.push(`${at}.${TIER_CHANGE} needs daysAfterModificationGreaterThan beside it`);
  }
}

/** The condition a step waits on and for how long, to compare steps that wait on the same thing. */
function primary(condition: unknown): [string, number] | undefined {
  if (!isObject(condition)) return undefined;
  for (const key of [...BASE_CONDITIONS]) {
    const value = condition[key];
    if (typeof value === 'number') return [key, value];
  }
  return undefined;
}

function checkActions(
  kind: PolicyBlobKind,
  actions: Json,
  appendBlobs: boolean,
  at: string,
  problems: string[],
) {
  const allowed: readonly string[] = POLICY_ACTIONS[kind];
  const names = Object.keys(actions);
  if (names.length === 0) problems.push(`${at} has no action`);
  for (const action of names) {
    const where = `${at}.${action}`;
    if (!allowed.includes(action)) {
      problems.push(`${where} is not an action for ${kind} (use ${allowed.join(', ')})`);
      continue;
    }
    if (appendBlobs && action !== 'delete')
      problems.push(
        `${where}: appendBlob supports only delete actions; drop appendBlob from blobTypes or this action`,
      );
    if (action === 'enableAutoTierToHotFromCool') {
      if (typeof actions[action] !== 'boolean') problems.push(`${where} must be true or false`);
      else if (
        actions[action] &&
        !(isObject(actions.tierToCool) && 'daysAfterLastAccessTimeGreaterThan' in actions.tierToCool)
      )
        problems.push(`${where} needs tierToCool.daysAfterLastAccessTimeGreaterThan`);
      continue;
    }
    checkCondition(kind, action, actions[action], where, problems);
  }
  let previous: { action: string; key: string; days: number } | undefined;
  for (const action of ORDER) {
    const step = primary(actions[action]);
    if (!step) continue;
    const [key, days] = step;
    if (previous && previous.key === key && days <= previous.days)
      problems.push(
        `${at}: ${action} after ${days} days must come later than ${previous.action} after ${previous.days} days (cool < cold < archive < delete)`,
      );
    previous = { action, key, days };
  }
}

const FILTERS = ['blobTypes', 'prefixMatch', 'blobIndexMatch'];

/** Returns whether the rule takes append blobs, and whether it filters by tags. */
function checkFilters(
  filters: unknown,
  at: string,
  problems: string[],
): { appendBlobs: boolean; tagged: boolean } {
  // The schema makes filters optional: a rule without them applies to every blob of the account.
  if (filters === undefined) return { appendBlobs: false, tagged: false };
  if (!isObject(filters)) {
    problems.push(`${at} must be an object with blobTypes`);
    return { appendBlobs: false, tagged: false };
  }
  unknownKeys(filters, FILTERS, at, problems);
  const { blobTypes, prefixMatch, blobIndexMatch } = filters;
  const valid: readonly string[] = POLICY_LIMITS.blobTypes;
  if (!Array.isArray(blobTypes) || blobTypes.length === 0)
    problems.push(`${at}.blobTypes must list at least one of ${valid.join(', ')}`);
  else
    for (const [i, type] of blobTypes.entries())
      if (typeof type !== 'string' || !valid.includes(type))
        problems.push(
          `${at}.blobTypes[${i}] "${String(type)}" is not a blob type (use ${valid.join(' or ')})`,
        );
  if (prefixMatch !== undefined) {
    if (!Array.isArray(prefixMatch)) problems.push(`${at}.prefixMatch must be a list of strings`);
    else {
      if (prefixMatch.length > POLICY_LIMITS.maxPrefixesPerRule)
        problems.push(
          `${at}.prefixMatch has ${prefixMatch.length} prefixes; a rule takes at most ${POLICY_LIMITS.maxPrefixesPerRule}: split it`,
        );
      for (const [i, prefix] of prefixMatch.entries()) {
        const container = typeof prefix === 'string' ? (prefix.split('/')[0] ?? '') : '';
        if (!CONTAINER.test(container))
          problems.push(
            `${at}.prefixMatch[${i}] "${String(prefix)}" must start with a container name (3-63 lowercase letters, digits, hyphens)`,
          );
      }
    }
  }
  if (blobIndexMatch !== undefined) {
    if (!Array.isArray(blobIndexMatch)) problems.push(`${at}.blobIndexMatch must be a list`);
    else {
      if (blobIndexMatch.length > POLICY_LIMITS.maxTagFiltersPerRule)
        problems.push(
          `${at}.blobIndexMatch has ${blobIndexMatch.length} filters; at most ${POLICY_LIMITS.maxTagFiltersPerRule}`,
        );
      for (const [i, tag] of blobIndexMatch.entries()) {
        const where = `${at}.blobIndexMatch[${i}]`;
        if (!isObject(tag)) problems.push(`${where} must be { name, op, value }`);
        else {
          unknownKeys(tag, ['name', 'op', 'value'], where, problems);
          if (typeof tag.name !== 'string' || tag.name.length < 1 || tag.name.length > 128)
            problems.push(`${where}.name must be 1-128 characters`);
          if (tag.op !== '==') problems.push(`${where}.op must be "==" (the only operator Azure supports)`);
          if (typeof tag.value !== 'string' || tag.value.length > 256)
            problems.push(`${where}.value must be 0-256 characters`);
        }
      }
    }
  }
  return {
    appendBlobs: Array.isArray(blobTypes) && blobTypes.includes('appendBlob'),
    tagged: Array.isArray(blobIndexMatch) && blobIndexMatch.length > 0,
  };
}

/** A property the schema does not declare: ARM would drop it, and the rule would not do what it says. */
function unknownKeys(value: Json, known: readonly string[], at: string, problems: string[]) {
  for (const key of Object.keys(value))
    if (!known.includes(key))
      problems.push(`${at}.${key} is not part of a lifecycle rule (use ${known.join(', ')})`);
}

/** Every way a policy breaks Azure's documented rules for lifecycle management, one line each. */
export function findManagementPolicyProblems(document: unknown): string[] {
  const problems: string[] = [];
  const rules = isObject(document) && isObject(document.policy) ? document.policy.rules : undefined;
  if (!Array.isArray(rules)) return ['the policy must look like { "policy": { "rules": [...] } }'];
  if (rules.length === 0) problems.push('policy.rules is empty: give it at least one rule');
  if (rules.length > POLICY_LIMITS.maxRules)
    problems.push(`policy.rules has ${rules.length} rules; Azure allows at most ${POLICY_LIMITS.maxRules}`);
  const seen = new Set<string>();
  for (const [i, rule] of rules.entries()) {
    const at = `policy.rules[${i}]`;
    if (!isObject(rule)) {
      problems.push(`${at} must be an object`);
      continue;
    }
    unknownKeys(rule, ['name', 'enabled', 'type', 'definition'], at, problems);
    const { name, type, enabled, definition } = rule;
    if (typeof name !== 'string' || !RULE_NAME.test(name) || name.length > POLICY_LIMITS.maxRuleNameLength)
      problems.push(`${at}.name "${String(name)}" must be 1-256 letters, digits or hyphens`);
    else if (seen.has(name))
      problems.push(`${at}.name "${name}" is used by an earlier rule; rule names must be unique`);
    else seen.add(name);
    if (type !== 'Lifecycle') problems.push(`${at}.type must be "Lifecycle"`);
    if (enabled !== undefined && typeof enabled !== 'boolean')
      problems.push(`${at}.enabled must be true or false`);
    if (!isObject(definition)) {
      problems.push(`${at}.definition is required, with filters and actions`);
      continue;
    }
    unknownKeys(definition, ['actions', 'filters'], `${at}.definition`, problems);
    const { appendBlobs, tagged } = checkFilters(definition.filters, `${at}.definition.filters`, problems);
    const actions = definition.actions;
    if (!isObject(actions) || !Object.keys(POLICY_ACTIONS).some((kind) => kind in actions)) {
      problems.push(`${at}.definition.actions needs at least one of baseBlob, snapshot, version`);
      continue;
    }
    if (tagged && ('version' in actions || 'snapshot' in actions))
      problems.push(
        `${at}: blobIndexMatch does not filter versions or snapshots (tags are matched on current blobs only); put the version and snapshot actions in a rule of their own`,
      );
    for (const [kind, value] of Object.entries(actions)) {
      const where = `${at}.definition.actions.${kind}`;
      if (!(kind in POLICY_ACTIONS))
        problems.push(`${where} is not a blob kind (use baseBlob, snapshot or version)`);
      else if (!isObject(value)) problems.push(`${where} must be an object of actions`);
      else checkActions(kind as PolicyBlobKind, value, appendBlobs, where, problems);
    }
  }
  return problems;
}

/** Returns the policy if Azure would take it, else a ConfigurationError listing every problem. */
export function validateManagementPolicy(
  document: unknown,
  source = 'the lifecycle policy',
): ManagementPolicyDocument {
  const problems = findManagementPolicyProblems(document);
  if (problems.length > 0)
    throw new ConfigurationError(`${source} would be refused by Azure:\n- ${problems.join('\n- ')}`);
  return document as ManagementPolicyDocument;
}
