export { createGitHubPort, type GitHubPortOptions } from './adapters/github-port.js';
export { createLifecycleDeps, type WiringOptions } from './adapters/lifecycle-wiring.js';
export { armResourceGroups, createResourceGroupsPort } from './adapters/resource-groups-port.js';
export {
  type RunnerEnvironment,
  readEventPayload,
  readRunnerEnvironment,
  secretValuesIn,
} from './adapters/runner-environment.js';
export { createStatePort, type StatePortOptions } from './adapters/state-port.js';
export { type TerraformPortOptions, terraformPorts } from './adapters/terraform-port.js';
export * from './failure.js';
export * from './plan-hash.js';
export * from './ports.js';
export * from './provision.js';
export * from './run-summary.js';
export * from './safety-gate.js';
export * from './sweep.js';
export * from './teardown.js';
export { parseVarsInput } from './vars-input.js';
