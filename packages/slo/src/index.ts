export { type AlertRuleOptions, generateAlertRules } from './alert-rules.js';
export { compareWithBaseline, readBaselineReport } from './baseline.js';
export { BURN_RATE_WINDOWS } from './burn-rate.js';
export { type EvaluateOptions, evaluateSlo } from './evaluate.js';
export { Histogram, RELATIVE_ERROR } from './histogram.js';
export { parseSloText, readSloFile } from './parse-slo-file.js';
export {
  type AppInsightsOptions,
  type LogsQueryLike,
  readAppInsights,
  readAppInsightsInput,
} from './readers/app-insights.js';
export { appInsightsQuery, kqlString } from './readers/app-insights-query.js';
export { detectFormat } from './readers/detect-format.js';
export {
  createLogsQueryClient,
  type LogsCredential,
  parseLogsEndpoint,
} from './readers/logs-query-client.js';
export { FILE_FORMATS, type FileFormat, readResults } from './readers/read-results.js';
export { expandResults } from './readers/results-files.js';
export { renderSloMarkdown } from './render-markdown.js';
export type * from './report-types.js';
export type * from './sli-types.js';
export { requestSample } from './sli-types.js';
export type * from './spec-types.js';
