import type { TokenCredential } from '@azure/core-auth';
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
  if (source === 'azure-cli') return azureCliCredential(mask);
  let credential: Promise<TokenCredential> | undefined;
  return {
    async getToken(scopes, options) {
      // @azure/identity (MSAL under it) loads with the first token asked for: a run on a key or a
      // connection string, and every action's start, never pays for loading it.
      credential ??= import('@azure/identity').then(
        ({ DefaultAzureCredential }) => new DefaultAzureCredential(),
      );
      return (await credential).getToken(scopes, options);
    },
  };
}
