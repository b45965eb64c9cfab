export { actionsLogger } from './actions-logger.js';
export { booleanInput, durationInput, integerInput, optionalInput, requiredInput } from './input-readers.js';
export { type ActionFrame, runAction, type StepResult, type StepWire } from './run-action.js';
