export * from './catalog-types.js';
export * from './errors.js';
export * from './logger.js';
export * from './target-types.js';
