import { createHash } from 'node:crypto';

/**
 * The reviewed-plan hash for `maximum` safety. A plan-only run publishes it; an apply run
 * re-plans and refuses unless its plan hashes the same.
 *
 * Definition (stable across runs, machines and terraform patch versions):
 *   sha256 of the canonical JSON (object keys sorted, no whitespace) of
 *   { resource_changes: [...], output_changes: {...} } taken from `terraform show -json`,
 *   where each resource change keeps only address, mode, type, name, index, provider_name,
 *   action_reason and change.{actions, before, after, after_unknown, before_sensitive,
 *   after_sensitive, replace_paths}, sorted by address; each output change keeps
 *   actions, before, after, after_unknown, before_sensitive, after_sensitive.
 * Left out because they differ between two plans of the same change: timestamp,
 * terraform_version, format_version, prior_state (serial, lineage), planned_values,
 * variables, configuration, relevant_attributes, resource_drift and checks.
 * Prefixed `sha256:` so the value says what it is.
 */
export function planHash(planJson: unknown): string {
  const plan = (planJson ?? {}) as { resource_changes?: unknown; output_changes?: unknown };
  const resources = Array.isArray(plan.resource_changes) ? plan.resource_changes : [];
  const outputs = isObject(plan.output_changes) ? plan.output_changes : {};
  const material = {
    resource_changes: resources
      .filter(isObject)
      .map((rc) => ({
        address: rc.address,
        mode: rc.mode,
        type: rc.type,
        name: rc.name,
        index: rc.index,
        provider_name: rc.provider_name,
        action_reason: rc.action_reason,
        change: pick(rc.change, [
          'actions',
          'before',
          'after',
          'after_unknown',
          'before_sensitive',
          'after_sensitive',
          'replace_paths',
        ]),
      }))
      .sort((a, b) => String(a.address).localeCompare(String(b.address))),
    output_changes: Object.fromEntries(
      Object.entries(outputs).map(([name, change]) => [
        name,
        pick(change, ['actions', 'before', 'after', 'after_unknown', 'before_sensitive', 'after_sensitive']),
      ]),
    ),
  };
  return `sha256:${createHash('sha256').update(canonicalJson(material)).digest('hex')}`;
}

/** True when two hashes name the same plan; tolerates a missing `sha256:` prefix and case. */
export function sameHash(a: string, b: string): boolean {
  const bare = (value: string) =>
    value
      .trim()
      .toLowerCase()
      .replace(/^sha256:/, '');
  return bare(a) === bare(b);
}

export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function pick(value: unknown, keys: string[]): Record<string, unknown> {
  if (!isObject(value)) return {};
  return Object.fromEntries(keys.filter((key) => key in value).map((key) => [key, value[key]]));
}
