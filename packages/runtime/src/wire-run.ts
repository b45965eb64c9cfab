import { type Catalog, type Logger, loadCatalog, subscriptionFor } from '@terrarium/core';
import type { GitHubPort, LifecycleDeps, ResourceGroupsPort } from '@terrarium/lifecycle';
import { createGitHubPort } from './adapters/github-port.js';
import { createStatePort } from './adapters/state-port.js';
import { terraformPorts } from './adapters/terraform-port.js';
import { resourceGroupsClient } from './azure-clients.js';
import { gitHubClient } from './github-access.js';
import { type RunnerContext, readRunnerContext } from './runner-context.js';
import { openStorage } from './storage-access.js';

export interface WireOptions {
  env: Record<string, string | undefined>;
  logger: Logger;
  /** Called with every secret the wiring holds, before anything could print it. */
  mask: (secret: string) => void;
  /** The catalog, or the path of its file (read and validated here). */
  catalog: Catalog | string;
  /** GitHub comments, deployments and run states need it; without one they are left out. */
  githubToken?: string | undefined;
  /**
   * Azure Resource Manager, for the sweeper's orphan resource groups: `true` for one over the
   * default credential in the catalog's subscription, or a port made by the caller.
   */
  resourceGroups?: boolean | ResourceGroupsPort | undefined;
  terraformTimeoutMs?: number | undefined;
}

/** What a run works with: the catalog, the runner's facts (read once) and the use cases' ports. */
export interface WiredRun {
  catalog: Catalog;
  runner: RunnerContext;
  deps: LifecycleDeps;
}

/**
 * The one wiring, for every action and the CLI: reads the runner's context, then builds the use
 * cases' ports over the real packages (state store, terraform, GitHub, Resource Manager).
 */
export async function wireRun(options: WireOptions): Promise<WiredRun> {
  const { env, logger, mask } = options;
  const token = options.githubToken;
  if (token) mask(token);
  const catalog = typeof options.catalog === 'string' ? await loadCatalog(options.catalog) : options.catalog;
  const runner = readRunnerContext(env);
  const auth = openStorage(catalog.backend, env, { logger, mask });
  const deps: LifecycleDeps = {
    logger,
    state: createStatePort({ auth, backend: catalog.backend, logger, repository: runner.repository }),
    terraform: terraformPorts({
      binary: catalog.terraform.binary,
      logger,
      timeoutMs: options.terraformTimeoutMs,
    }),
    github: token ? gitHubPort(token, runner, env, logger) : undefined,
  };
  if (options.resourceGroups === true) {
    const subscriptionId = subscriptionFor(catalog, env, { purpose: 'Looking for orphan resource groups' });
    deps.resourceGroups = resourceGroupsClient(subscriptionId);
  } else if (options.resourceGroups) {
    deps.resourceGroups = options.resourceGroups;
  }
  return { catalog, runner, deps };
}

function gitHubPort(
  token: string,
  runner: RunnerContext,
  env: Record<string, string | undefined>,
  logger: Logger,
): GitHubPort | undefined {
  if (!runner.repository) return undefined;
  return createGitHubPort({
    octokit: gitHubClient(token, env, logger),
    repository: runner.repository,
    ref: runner.ref ?? 'HEAD',
    logger,
  });
}
