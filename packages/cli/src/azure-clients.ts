import { StorageManagementClient } from '@azure/arm-storage';
import { DefaultAzureCredential } from '@azure/identity';

/**
 * The Azure Resource Manager clients commands use, made on demand. Tests hand in clients pointed
 * at a loopback fake; people get DefaultAzureCredential (az login, a managed identity, OIDC).
 */
export interface AzureClients {
  storageManagement(subscriptionId: string): StorageManagementClient;
}

export const defaultAzureClients: AzureClients = {
  storageManagement: (subscriptionId) =>
    new StorageManagementClient(new DefaultAzureCredential(), subscriptionId),
};
