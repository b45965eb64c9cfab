import type { LogsQueryClient, LogsQueryClientOptions } from '@azure/monitor-query-logs';
import { ConfigurationError } from '@terrarium/core';
import type { LogsQueryLike } from './app-insights.js';

export type LogsCredential = ConstructorParameters<typeof LogsQueryClient>[0];

/**
 * The Log Analytics query client, built here so callers need not depend on the SDK themselves.
 * `endpoint` (with the API version path, e.g. `https://api.loganalytics.us/v1`) points it at a
 * sovereign cloud or at a test fake; the token is then asked for that endpoint's audience
 * (`https://api.loganalytics.us/.default`), not the public cloud's, unless scopes are given.
 */
export function createLogsQueryClient(
  credential: LogsCredential,
  options: LogsQueryClientOptions = {},
): LogsQueryLike {
  const scopes =
    options.credentials?.scopes ??
    (options.endpoint ? [`${new URL(options.endpoint).origin}/.default`] : undefined);
  let client: Promise<LogsQueryClient> | undefined;
  // The SDK loads with the first query: a run that never asks Log Analytics (a provision, whose
  // bundle carries this package too) never pays for loading it.
  return {
    async queryWorkspace(workspaceId, query, timespan, queryOptions) {
      client ??= import('@azure/monitor-query-logs').then(
        ({ LogsQueryClient }) =>
          new LogsQueryClient(credential, scopes ? { ...options, credentials: { scopes } } : options),
      );
      return (await client).queryWorkspace(workspaceId, query, timespan, queryOptions);
    },
  };
}

/**
 * A Log Analytics endpoint as a person wrote it (`input "app-insights-endpoint"`, `--logs-endpoint`),
 * checked: an https URL, kept as given. `label` names where it came from in the message.
 */
export function parseLogsEndpoint(text: string, label: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:') {
    throw new ConfigurationError(
      `${label} is "${text}"; give the query API's https URL with its version, e.g. https://api.loganalytics.us/v1`,
    );
  }
  return text;
}
