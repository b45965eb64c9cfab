export { TerraformCommandError, TerraformLockError, TerraformTimeoutError } from './errors.js';
export { nonSensitiveOutputValues } from './outputs.js';
export { summarizePlan } from './plan-summary.js';
export { createTerraform, type Terraform } from './terraform.js';
