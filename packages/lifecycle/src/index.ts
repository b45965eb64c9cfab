export {
  type ConfigureBackendRequest,
  type ConfigureBackendResult,
  configureBackend,
} from './configure-backend.js';
export { type FailureReason, failureReasonOf, type Verdict } from './failure.js';
export type {
  GitHubPort,
  KnownListedRecord,
  LifecycleDeps,
  PlanReport,
  RecordChange,
  ResourceGroup,
  ResourceGroupsPort,
  RunContext,
  RunDeps,
  SloReportDeps,
  StateLease,
  StatePort,
  TerraformPort,
  TerraformWorkspace,
} from './ports.js';
export { LockLeftError, StateLockedError } from './ports.js';
export { type ProvisionRequest, type ProvisionResult, provisionEnvironment } from './provision.js';
export { reportSlo, type SloReportRequest, type SloReportResult } from './report-slo.js';
export {
  backendSummary,
  describeRunFailure,
  provisionSummary,
  type RunFailureReport,
  sweepSummary,
  sweepVerdict,
  teardownSummary,
} from './run-summary.js';
export {
  DEFAULT_SWEEP_CONCURRENCY,
  ENV_ID_TAG,
  type SweepRequest,
  type SweepResult,
  sweepEnvironments,
} from './sweep.js';
export { type TeardownRequest, type TeardownResult, teardownEnvironment } from './teardown.js';
export { createWorkingCopy, ERRORED_STATE_FILE } from './working-copy.js';
