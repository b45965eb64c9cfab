import type { ServiceSpec, SloSpec } from '../spec-types.js';

/** A KQL string literal: quotes and backslashes escaped, so text from the SLO file stays data. */
export function kqlString(value: string): string {
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`;
}

/**
 * A workspace-based Application Insights resource keeps its telemetry in the Log Analytics
 * workspace as AppRequests / AppDependencies (TimeGenerated, DurationMs, Success, AppRoleName...).
 * The classic `requests` / `dependencies` names only resolve when querying the App Insights
 * resource itself; queryWorkspace and alert rules scoped to the workspace need these.
 */
export function workspaceTable(table: ServiceSpec['table']): { name: string; url: string } {
  return table === 'requests'
    ? { name: 'AppRequests', url: 'Url' }
    : { name: 'AppDependencies', url: 'Data' };
}

/** `| where ...` lines that select one service's (and optionally one endpoint's) rows. */
export function serviceFilter(service: ServiceSpec, endpoint?: string): string[] {
  const { url } = workspaceTable(service.table);
  const lines = [`| where AppRoleName == ${kqlString(service.roleName)}`];
  for (const text of [service.match, endpoint]) {
    if (text !== undefined)
      lines.push(`| where Name contains ${kqlString(text)} or ${url} contains ${kqlString(text)}`);
  }
  return lines;
}

/**
 * One query for every service in the spec: the per-request rows for the services' role names
 * over the timespan the caller passes, oldest first. LLM figures come from Measurements (the
 * workspace name of customMeasurements) when the app logs `ttftMs` and `tokens`.
 */
export function appInsightsQuery(spec: SloSpec): string {
  const byTable = new Map<ServiceSpec['table'], Set<string>>();
  for (const service of spec.services) {
    const roles = byTable.get(service.table) ?? new Set<string>();
    roles.add(service.roleName);
    byTable.set(service.table, roles);
  }
  const parts = [...byTable].map(([table, roles]) => {
    const { name, url } = workspaceTable(table);
    return [
      name,
      `| where AppRoleName in (${[...roles].map(kqlString).join(', ')})`,
      `| project timestamp = TimeGenerated, durationMs = DurationMs, success = Success, name = Name, url = ${url}, role = AppRoleName, ttftMs = todouble(Measurements["ttftMs"]), tokens = todouble(Measurements["tokens"])`,
    ].join('\n');
  });
  const source = parts.length === 1 ? (parts[0] ?? '') : `union\n(${parts.join('),\n(')})`;
  return `${source}\n| order by timestamp asc`;
}
