import { LogsQueryClient, type LogsQueryClientOptions } from '@azure/monitor-query-logs';

export type LogsCredential = ConstructorParameters<typeof LogsQueryClient>[0];

/**
 * The Log Analytics query client, built here so callers need not depend on the SDK themselves.
 * `endpoint` (with the API version path, e.g. `https://api.loganalytics.io/v1`) points it at a
 * sovereign cloud or at a test fake.
 */
export function createLogsQueryClient(
  credential: LogsCredential,
  options: LogsQueryClientOptions = {},
): LogsQueryClient {
  return new LogsQueryClient(credential, options);
}
