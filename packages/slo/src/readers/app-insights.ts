import type { LogsQueryClient, LogsTable } from '@azure/monitor-query-logs';
import { ConfigurationError, type Logger } from '@terrarium/core';
import { statusFromResultCode } from '../failure-rule.js';
import type { RequestSample, SliInput } from '../sli-types.js';
import type { SloSpec } from '../spec-types.js';
import { appInsightsQuery } from './app-insights-query.js';

/** Log Analytics' most rows per query result. */
export const LOG_ANALYTICS_ROW_LIMIT = 500_000;

export type LogsQueryLike = Pick<LogsQueryClient, 'queryWorkspace'>;

export interface AppInsightsOptions {
  workspaceId: string;
  /** ISO 8601 duration looking back from now, e.g. PT1H. */
  timespan: string;
  logger: Logger;
}

/**
 * Per-request rows from a Log Analytics workspace (workspace-based Application Insights) through
 * LogsQueryClient.queryWorkspace. A partial result is used with a warning; a failed one throws.
 */
export async function readAppInsights(
  client: LogsQueryLike,
  spec: SloSpec,
  options: AppInsightsOptions,
): Promise<RequestSample[]> {
  if (!/^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/.test(options.timespan)) {
    throw new ConfigurationError(
      `timespan "${options.timespan}" is not an ISO 8601 duration; write e.g. PT1H or P1D`,
    );
  }
  const query = appInsightsQuery(spec);
  options.logger.debug(`Log Analytics query:\n${query}`);
  const result = await client
    .queryWorkspace(options.workspaceId, query, { duration: options.timespan })
    .catch((error: unknown) => {
      throw explainQueryError(error, options.workspaceId);
    });
  let tables: LogsTable[];
  if (result.status === 'Success') tables = result.tables;
  else {
    options.logger.warning(`Log Analytics returned a partial result: ${result.partialError.message}`);
    tables = result.partialTables;
  }
  const table = tables[0];
  if (!table) throw new Error('Log Analytics answered without a table');
  // The query API stops at 500,000 rows; past that the figures describe only the oldest part.
  if (table.rows.length >= LOG_ANALYTICS_ROW_LIMIT) {
    options.logger.warning(
      `Log Analytics returned ${table.rows.length} rows, its limit: shorten timespan so every request counts`,
    );
  }
  const column = (name: string) => table.columnDescriptors.findIndex((c) => c.name === name);
  const at = {
    timestamp: column('timestamp'),
    durationMs: column('durationMs'),
    success: column('success'),
    resultCode: column('resultCode'),
    itemCount: column('itemCount'),
    name: column('name'),
    url: column('url'),
    role: column('role'),
    ttftMs: column('ttftMs'),
    tokens: column('tokens'),
  };
  return table.rows.map((row) => {
    const get = (index: number) => (index < 0 ? undefined : row[index]);
    const timestamp = get(at.timestamp);
    const itemCount = Number(get(at.itemCount));
    return {
      kind: 'request',
      timestamp:
        timestamp instanceof Date
          ? timestamp.getTime()
          : timestamp
            ? Date.parse(String(timestamp))
            : undefined,
      durationMs: Number(get(at.durationMs)),
      success: get(at.success) === true || get(at.success) === 'True' || get(at.success) === 'true',
      status: statusFromResultCode(get(at.resultCode)),
      // A row without ItemCount (or with a nonsense one) stands for itself.
      weight: Number.isFinite(itemCount) && itemCount > 0 ? itemCount : 1,
      name: optionalString(get(at.name)),
      url: optionalString(get(at.url)),
      role: optionalString(get(at.role)),
      ttftMs: optionalNumber(get(at.ttftMs)),
      tokens: optionalNumber(get(at.tokens)),
    };
  });
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function optionalNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The same rows as a results input, as evaluateSlo takes it, saying how many there were. */
export async function readAppInsightsInput(
  client: LogsQueryLike,
  spec: SloSpec,
  options: AppInsightsOptions,
): Promise<SliInput> {
  const samples = await readAppInsights(client, spec, options);
  const represented = samples.reduce((sum, sample) => sum + sample.weight, 0);
  options.logger.info(
    represented === samples.length
      ? `App Insights: ${samples.length} requests over ${options.timespan}.`
      : `App Insights: ${samples.length} sampled rows standing for ${represented} requests (ItemCount) over ${options.timespan}.`,
  );
  async function* stream() {
    yield* samples;
  }
  return {
    kind: 'samples',
    format: 'app-insights',
    origin: `workspace ${options.workspaceId}`,
    samples: stream(),
  };
}

/** What the query API's refusal means for the person running it, with what to change. */
function explainQueryError(error: unknown, workspaceId: string): unknown {
  const { statusCode, code, message } = error as { statusCode?: number; code?: string; message?: string };
  const said = `${statusCode ?? ''} ${code ?? ''}: ${message ?? String(error)}`.trim();
  const where = `Log Analytics refused the query on workspace ${workspaceId} (${said})`;
  if (statusCode === 401 || statusCode === 403) {
    return new ConfigurationError(
      `${where}; give the signed-in identity the Log Analytics Reader role on the workspace (or Monitoring Reader on its resource group)`,
    );
  }
  if (statusCode === 404) {
    return new ConfigurationError(
      `${where}; check app-insights-workspace-id: it is the workspace's Workspace ID (a GUID), not its resource id or the App Insights instrumentation key`,
    );
  }
  if (statusCode === 400)
    return new ConfigurationError(`${where}; check the SLO file's services (roleName, match) and timespan`);
  return error;
}
