import type { SloSpec } from '../spec-types.js';

/** A KQL string literal: quotes and backslashes escaped, so text from the SLO file stays data. */
export function kqlString(value: string): string {
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`;
}

/**
 * One query for every service in the spec: the per-request rows of `requests` (or `dependencies`)
 * for the services' cloud_RoleNames over the timespan the caller passes, oldest first.
 * Duration is in ms in both tables; LLM figures come from customMeasurements when the app logs them.
 */
export function appInsightsQuery(spec: SloSpec): string {
  const byTable = new Map<string, Set<string>>();
  for (const service of spec.services) {
    const roles = byTable.get(service.table) ?? new Set<string>();
    roles.add(service.roleName);
    byTable.set(service.table, roles);
  }
  const parts = [...byTable].map(([table, roles]) => {
    const url = table === 'requests' ? 'url' : 'data';
    return [
      `${table}`,
      `| where cloud_RoleName in (${[...roles].map(kqlString).join(', ')})`,
      `| project timestamp, durationMs = duration, success = tobool(success), name, url = tostring(${url}), role = cloud_RoleName, ttftMs = todouble(customMeasurements["ttftMs"]), tokens = todouble(customMeasurements["tokens"])`,
    ].join('\n');
  });
  const source = parts.length === 1 ? (parts[0] ?? '') : `union\n(${parts.join('\n),\n(')}\n)`;
  return `${source}\n| order by timestamp asc`;
}
