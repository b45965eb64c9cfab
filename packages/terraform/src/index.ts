export { backendConfigArgs, lockTimeoutArgs, redactArgs } from './command-args.js';
export { type LockInfo, TerraformCommandError, TerraformLockError, TerraformTimeoutError } from './errors.js';
export { isLockError, parseLockInfo } from './lock-info.js';
export {
  nonSensitiveOutputValues,
  parseOutputs,
  type TerraformOutput,
  type TerraformOutputs,
} from './outputs.js';
export { planChanged } from './plan-exit-code.js';
export { type PlanSummary, summarizePlan } from './plan-summary.js';
export type { OutputStream } from './run-command.js';
export { type ModuleJson, managedResourceAddresses, type StateJson } from './state-json.js';
export {
  createTerraform,
  type DestroyOptions,
  type InitOptions,
  type PlanOptions,
  type Terraform,
  type TerraformOptions,
  type TerraformVersion,
} from './terraform.js';
