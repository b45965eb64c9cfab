export {};
export * from './backup-naming.js';
export * from './backup-prune.js';
export * from './backup-state-document.js';
export * from './backup-store.js';
export * from './restore-lock-holder.js';
export * from './restore-state.js';
