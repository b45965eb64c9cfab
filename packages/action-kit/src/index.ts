export * from './actions-logger.js';
export * from './input-readers.js';
export * from './step-output.js';
