export * from './github-client.js';
export * from './github-unavailable-error.js';
export * from './retry-policy.js';
