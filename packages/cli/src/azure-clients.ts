import { StorageManagementClient } from '@azure/arm-storage';
import type { ResourceGroupsPort } from '@terrarium/lifecycle';
import { azureCredential, logsQueryClient, resourceGroupsClient } from '@terrarium/runtime';
import type { LogsQueryLike } from '@terrarium/slo';

/**
 * The Azure Resource Manager clients commands use, made on demand. Tests hand in clients pointed
 * at a loopback fake; people get runtime's default credential (az login, a managed identity, OIDC).
 */
export interface AzureClients {
  storageManagement(subscriptionId: string): StorageManagementClient;
  resourceGroups(subscriptionId: string): ResourceGroupsPort;
  /** The Log Analytics query API behind Application Insights (a sovereign cloud's when given). */
  logsQuery(endpoint: string | undefined): LogsQueryLike;
}

export const defaultAzureClients: AzureClients = {
  // Only the CLI's policy command sets account settings: the actions' bundles never carry this SDK.
  storageManagement: (subscriptionId) =>
    new StorageManagementClient(azureCredential('default'), subscriptionId),
  resourceGroups: resourceGroupsClient,
  logsQuery: (endpoint) => logsQueryClient(endpoint),
};
