export { createGitHubPort } from './adapters/github-port.js';
export { armResourceGroups } from './adapters/resource-groups-port.js';
export { createStatePort } from './adapters/state-port.js';
export { terraformPorts } from './adapters/terraform-port.js';
export { logsQueryClient, resourceGroupsClient } from './azure-clients.js';
export { azureCredential } from './azure-credential.js';
export { gitHubClient } from './github-access.js';
export { openStorage } from './storage-access.js';
export { type WiredLifecycle, type WiredRun, type WireOptions, wireRun } from './wire-run.js';
