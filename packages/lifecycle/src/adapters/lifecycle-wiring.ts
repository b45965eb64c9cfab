import { DefaultAzureCredential } from '@azure/identity';
import { type Catalog, type Logger, subscriptionFor } from '@terrarium/core';
import { createGitHubClient } from '@terrarium/github';
import { resolveStorageAuth } from '@terrarium/state';
import type { LifecycleDeps, ResourceGroupsPort } from '../ports.js';
import { createGitHubPort } from './github-port.js';
import { armResourceGroups } from './resource-groups-port.js';
import { createStatePort } from './state-port.js';
import { terraformPorts } from './terraform-port.js';

export interface WiringOptions {
  catalog: Catalog;
  env: Record<string, string | undefined>;
  logger: Logger;
  /** Called with every secret the wiring holds, before anything could print it. */
  mask: (secret: string) => void;
  /** GitHub, when a token is given; comments and deployments are then possible. */
  github?:
    | { token: string; repository: string | undefined; ref: string | undefined; baseUrl?: string | undefined }
    | undefined;
  /**
   * Azure Resource Manager, for the sweeper's orphan resource groups: `true` for one over
   * DefaultAzureCredential in the catalog's subscription, or a port made by the caller.
   */
  resourceGroups?: boolean | ResourceGroupsPort | undefined;
  terraformTimeoutMs?: number | undefined;
}

/** Builds the use cases' ports over the real packages, for an action or the CLI. */
export function createLifecycleDeps(options: WiringOptions): LifecycleDeps {
  const { catalog, env, logger, mask } = options;
  if (options.github?.token) mask(options.github.token);
  const auth = resolveStorageAuth(catalog.backend, env);
  for (const secret of auth.secrets) mask(secret);
  for (const value of Object.values(auth.terraformEnv)) mask(value);
  logger.debug(`State store: ${auth.accountName} (${auth.mode})`);

  const deps: LifecycleDeps = {
    logger,
    state: createStatePort({
      auth,
      backend: catalog.backend,
      logger,
      repository: options.github?.repository,
    }),
    terraform: terraformPorts({
      binary: catalog.terraform.binary,
      logger,
      timeoutMs: options.terraformTimeoutMs,
    }),
  };
  const github = options.github;
  if (github?.token && github.repository) {
    deps.github = createGitHubPort({
      octokit: createGitHubClient({ token: github.token, baseUrl: github.baseUrl, logger }),
      repository: github.repository,
      ref: github.ref ?? 'HEAD',
      logger,
    });
  }
  if (options.resourceGroups === true) {
    const subscriptionId = subscriptionFor(catalog, env, { purpose: 'Looking for orphan resource groups' });
    deps.resourceGroups = armResourceGroups(new DefaultAzureCredential(), subscriptionId);
  } else if (options.resourceGroups) {
    deps.resourceGroups = options.resourceGroups;
  }
  return deps;
}
