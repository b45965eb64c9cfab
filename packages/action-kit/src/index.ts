export {
  booleanInput,
  durationInput,
  integerInput,
  optionalInput,
  pathInput,
  requiredInput,
  workspacePath,
} from './input-readers.js';
export { runAction } from './run-action.js';
