export { HYPHEN_NAME } from './azure-names.js';
export { BACKUP_REASONS, type BackupReason } from './backup-reasons.js';
export { loadCatalog } from './catalog-load.js';
export { parseCatalog } from './catalog-parse.js';
export type { BackendSpec, Catalog, EnvironmentSpec } from './catalog-types.js';
export { parseDuration } from './duration.js';
export { getEnvironment } from './environment-lookup.js';
export {
  type EnvironmentRecord,
  type EnvironmentStatus,
  type EnvironmentView,
  type ListedRecord,
  type PlanSummary,
  RECORD_SCHEMA_VERSION,
  RECORD_STATUSES,
  type RecordPatch,
  type RecordStatus,
} from './environment-record.js';
export {
  ConfigurationError,
  errorMessage,
  formatLocation,
  isConfigurationError,
  type SourceLocation,
} from './errors.js';
export { eventContextFromGitHub } from './event-context.js';
export { readEventPayload } from './event-payload.js';
export { jsonErrorOffset, lineAndColumn } from './json-error-offset.js';
export { type Logger, silentLogger } from './logger.js';
export { resolveTarget } from './resolve-target.js';
export { SECRET_VARIABLES, secretValuesIn } from './secret-variables.js';
export { subscriptionFor } from './subscription-lookup.js';
export { isValidTagName, isValidTagValue } from './tag-values.js';
export type { EventContext, Target } from './target-types.js';
