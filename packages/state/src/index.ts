export { applyStoragePolicy, readStoragePolicy } from './account/account-settings.js';
export { backendConfigFor, renderBackendConfig, writeBackendConfigFile } from './account/backend-config.js';
export { ensureContainer } from './account/bootstrap.js';
export { resolveStorageAuth, type StorageAuth } from './account/storage-auth.js';
export { explainStorageError } from './account/storage-error-explanation.js';
export { backupPrefix } from './backups/backup-naming.js';
export { pruneBackups } from './backups/backup-prune.js';
export { createBackup, listBackups } from './backups/backup-store.js';
export { restoreState } from './backups/restore-state.js';
export { estimateStateCost } from './cost/cost-estimate.js';
export { listCostInventory } from './cost/cost-inventory.js';
export { DEFAULT_PRICES, loadPrices, STORAGE_TIERS } from './cost/cost-prices.js';
export { monthlyOperations, OPERATIONS_PER_RUN } from './cost/run-operations.js';
export {
  createSloHistoryStore,
  type KeptSloReport,
  type SloHistoryStore,
} from './history/slo-history-store.js';
export { listBlobsStreamed } from './listing/blob-listing-stream.js';
export {
  isStateBlobName,
  type ListingProgress,
  listStatus,
  type ProgressListener,
  type StatusRow,
  summarizeState,
} from './listing/status-listing.js';
export {
  assessLock,
  breakLock,
  inspectLock,
  type LockAssessment,
  LockHeldError,
  type RunStatus,
  releaseLease,
} from './locks/lock-inspection.js';
export { generateManagementPolicy } from './policy/policy-generate.js';
export { listPolicyObjects } from './policy/policy-inventory.js';
export { policyScopes } from './policy/policy-scopes.js';
export { type PolicySimulation, type SimulatedAction, simulatePolicy } from './policy/policy-simulate.js';
export { validateManagementPolicy } from './policy/policy-validate.js';
export { renewStateBlob, STATE_TAG } from './policy/state-renewal.js';
export { RecordConflictError, RecordNotFoundError } from './records/record-errors.js';
export { createRecordStore } from './records/record-store.js';
export { recordBlobName, recordMetadata, recordTags } from './records/record-types.js';
