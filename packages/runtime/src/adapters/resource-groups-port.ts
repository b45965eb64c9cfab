import { ResourceManagementClient, type ResourceManagementClientOptionalParams } from '@azure/arm-resources';
import type { TokenCredential } from '@azure/core-auth';
import type { ResourceGroup, ResourceGroupsPort } from '@terrarium/lifecycle';

/** The ResourceGroupsPort over Azure Resource Manager (`Microsoft.Resources/resourceGroups`). */
export function createResourceGroupsPort(client: ResourceManagementClient): ResourceGroupsPort {
  return {
    async listTagged(tagName) {
      const groups: ResourceGroup[] = [];
      // ARM filters by tag name on the server: one paginated listing, not a scan of every group.
      for await (const group of client.resourceGroups.list({
        filter: `tagName eq '${tagName.replace(/'/g, "''")}'`,
      })) {
        const envId = group.tags?.[tagName];
        if (group.name && envId) groups.push({ name: group.name, envId });
      }
      return groups;
    },
    async delete(name) {
      await client.resourceGroups.beginDeleteAndWait(name, { updateIntervalInMs: 1000 });
    },
  };
}

/** The port over a new ResourceManagementClient (options let tests point it at a fake). */
export function armResourceGroups(
  credential: TokenCredential,
  subscriptionId: string,
  options?: ResourceManagementClientOptionalParams,
): ResourceGroupsPort {
  return createResourceGroupsPort(new ResourceManagementClient(credential, subscriptionId, options));
}
