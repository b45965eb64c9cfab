import type { ResourceGroupsPort } from '@terrarium/lifecycle';
import { createLogsQueryClient, type LogsQueryLike } from '@terrarium/slo';
import { armResourceGroups } from './adapters/resource-groups-port.js';
import { azureCredential, type CredentialSource } from './azure-credential.js';

/** Resource groups in a subscription, over Resource Manager. */
export function resourceGroupsClient(subscriptionId: string): ResourceGroupsPort {
  return armResourceGroups(azureCredential('default'), subscriptionId);
}

/** The Log Analytics query API behind Application Insights (a sovereign cloud's when given). */
export function logsQueryClient(
  endpoint: string | undefined,
  source: CredentialSource = 'default',
  mask?: (secret: string) => void,
): LogsQueryLike {
  return createLogsQueryClient(azureCredential(source, mask), endpoint ? { endpoint } : {});
}
