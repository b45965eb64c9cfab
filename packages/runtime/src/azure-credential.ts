import type { TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
import { azureCliCredential } from './azure-cli-credential.js';

/**
 * Where an Azure token comes from. `default` is DefaultAzureCredential: azure/login's OIDC session
 * in a workflow, a managed identity, or `az login` on a workstation; the state store, Resource
 * Manager and the CLI's Log Analytics queries use it. `azure-cli` asks the runner's signed-in Azure
 * CLI directly: what report-slo has always done, so it needs no credential input of its own.
 */
export type CredentialSource = 'default' | 'azure-cli';

/** The one place that chooses the Azure TokenCredential; `mask` hides every token it hands out. */
export function azureCredential(
  source: CredentialSource,
  mask: (secret: string) => void = () => {},
): TokenCredential {
  return source === 'azure-cli' ? azureCliCredential(mask) : new DefaultAzureCredential();
}
