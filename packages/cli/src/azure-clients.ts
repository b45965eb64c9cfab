import { StorageManagementClient } from '@azure/arm-storage';
import { DefaultAzureCredential } from '@azure/identity';
import { armResourceGroups, type ResourceGroupsPort } from '@terrarium/lifecycle';
import { createLogsQueryClient, type LogsQueryLike } from '@terrarium/slo';

/**
 * The Azure Resource Manager clients commands use, made on demand. Tests hand in clients pointed
 * at a loopback fake; people get DefaultAzureCredential (az login, a managed identity, OIDC).
 */
export interface AzureClients {
  storageManagement(subscriptionId: string): StorageManagementClient;
  resourceGroups(subscriptionId: string): ResourceGroupsPort;
  /** The Log Analytics query API behind Application Insights (a sovereign cloud's when given). */
  logsQuery(endpoint: string | undefined): LogsQueryLike;
}

export const defaultAzureClients: AzureClients = {
  storageManagement: (subscriptionId) =>
    new StorageManagementClient(new DefaultAzureCredential(), subscriptionId),
  resourceGroups: (subscriptionId) => armResourceGroups(new DefaultAzureCredential(), subscriptionId),
  logsQuery: (endpoint) => createLogsQueryClient(new DefaultAzureCredential(), endpoint ? { endpoint } : {}),
};
