export * from './azure-names.js';
export * from './catalog-defaults.js';
export * from './catalog-load.js';
export * from './catalog-parse.js';
export { catalogSchema } from './catalog-schema.js';
export * from './catalog-types.js';
export * from './did-you-mean.js';
export * from './duration.js';
export * from './environment-lookup.js';
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
export * from './errors.js';
export * from './event-context.js';
export * from './event-payload.js';
export * from './logger.js';
export * from './resolve-target.js';
export * from './secret-variables.js';
export * from './short-hash.js';
export * from './subscription-lookup.js';
export * from './tag-values.js';
export * from './target-types.js';
export { MAX_ALIAS_COUNT, MAX_SOURCE_BYTES } from './yaml-source.js';
