export { configureBackend } from './configure-backend.js';
export { failureReasonOf, type Verdict } from './failure.js';
export {
  type GitHubPort,
  type KnownListedRecord,
  type LifecycleDeps,
  LockLeftError,
  type PlanReport,
  type ResourceGroup,
  type ResourceGroupsPort,
  type RunContext,
  type SloHistoryPort,
  type SloReportDeps,
  type StateLease,
  StateLockedError,
  type StatePort,
  type StateRenewal,
  type TerraformPort,
  type TerraformWorkspace,
} from './ports.js';
export { type ProvisionResult, provisionEnvironment } from './provision.js';
export { reportSlo, type SloReportRequest, TREND_NIGHTS } from './report-slo.js';
export {
  backendSummary,
  describeRunFailure,
  provisionSummary,
  type RunFailureReport,
  sweepSummary,
  sweepVerdict,
  teardownSummary,
} from './run-summary.js';
export { DEFAULT_SWEEP_CONCURRENCY, ENV_ID_TAG, type SweepResult, sweepEnvironments } from './sweep.js';
export { teardownEnvironment } from './teardown.js';
export { createWorkingCopy, ERRORED_STATE_FILE } from './working-copy.js';
