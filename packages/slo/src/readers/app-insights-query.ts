import type { ServiceSpec, SloSpec } from '../spec-types.js';

/**
 * A KQL string literal: backslash, quote and every control or line-separator character escaped
 * (a carriage return as \u000d), so text from the SLO file stays one literal whatever it holds.
 */
export function kqlString(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (char === '\\' || char === '"') out += `\\${char}`;
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029)
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

/**
 * A workspace-based Application Insights resource keeps its telemetry in the Log Analytics
 * workspace as AppRequests / AppDependencies (TimeGenerated, DurationMs, Success, ResultCode,
 * ItemCount, AppRoleName...). The classic `requests` / `dependencies` names only resolve when
 * querying the App Insights resource itself; queryWorkspace and alert rules scoped to the workspace
 * need these.
 */
export function workspaceTable(table: ServiceSpec['table']): { name: string; url: string } {
  return table === 'requests'
    ? { name: 'AppRequests', url: 'Url' }
    : { name: 'AppDependencies', url: 'Data' };
}

/**
 * `| where ...` lines that select one service's (and optionally one endpoint's) rows: the role name
 * exactly, and the name or URL containing the text case-sensitively (`contains_cs`), the rule the
 * report applies to the same rows.
 */
export function serviceFilter(service: ServiceSpec, endpoint?: string): string[] {
  const { url } = workspaceTable(service.table);
  const lines = [`| where AppRoleName == ${kqlString(service.roleName)}`];
  for (const text of [service.match, endpoint]) {
    if (text !== undefined)
      lines.push(`| where Name contains_cs ${kqlString(text)} or ${url} contains_cs ${kqlString(text)}`);
  }
  return lines;
}

/**
 * One query for every service in the spec: the per-request rows for the services' role names
 * over the timespan the caller passes, oldest first. ItemCount comes along so sampled telemetry is
 * weighted (a row kept at 25% sampling stands for 4 requests), and ResultCode so the SLO file's
 * failure definition can be applied. LLM figures come from Measurements (the workspace name of
 * customMeasurements) when the app logs `ttftMs` and `tokens`.
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
      `| project timestamp = TimeGenerated, durationMs = DurationMs, success = Success, resultCode = ResultCode, itemCount = ItemCount, name = Name, url = ${url}, role = AppRoleName, ttftMs = todouble(Measurements["ttftMs"]), tokens = todouble(Measurements["tokens"])`,
    ].join('\n');
  });
  const source = parts.length === 1 ? (parts[0] ?? '') : `union\n(${parts.join('),\n(')})`;
  return `${source}\n| order by timestamp asc`;
}
