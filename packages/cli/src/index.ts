export type { AzureClients } from './azure-clients.js';
export { type CliEnvironment, runCli } from './main.js';
export type { Terminal } from './terminal.js';
