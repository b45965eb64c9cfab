export type { AzureClients } from './azure-clients.js';
export { runCli } from './main.js';
export type { Terminal } from './terminal.js';
