export { booleanInput, durationInput, integerInput, optionalInput, requiredInput } from './input-readers.js';
export { runAction } from './run-action.js';
