export * from './failure.js';
export * from './plan-hash.js';
export * from './ports.js';
export * from './provision.js';
export * from './run-summary.js';
export * from './safety-gate.js';
export * from './sweep.js';
export * from './teardown.js';
export { parseVarsInput } from './vars-input.js';
