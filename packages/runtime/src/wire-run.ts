import { type Catalog, type Logger, loadCatalog, subscriptionFor } from '@terrarium/core';
import type { GitHubPort, LifecycleDeps, ResourceGroupsPort, SloReportDeps } from '@terrarium/lifecycle';
import type { LogsQueryLike } from '@terrarium/slo';
import { explainStorageError } from '@terrarium/state';
import { createGitHubPort } from './adapters/github-port.js';
import { createSloHistoryPort } from './adapters/slo-history-port.js';
import { createStatePort } from './adapters/state-port.js';
import { terraformPorts } from './adapters/terraform-port.js';
import { logsQueryClient, resourceGroupsClient } from './azure-clients.js';
import type { CredentialSource } from './azure-credential.js';
import { gitHubClient } from './github-access.js';
import { type RunnerContext, readRunnerContext } from './runner-context.js';
import { openStorage } from './storage-access.js';

export interface WireOptions {
  env: Record<string, string | undefined>;
  logger: Logger;
  /** Called with every secret the wiring holds, before anything could print it. */
  mask: (secret: string) => void;
  /** The catalog, or the path of its file (read and validated here); the state store needs it. */
  catalog?: Catalog | string | undefined;
  /** GitHub comments, deployments, issues and run states need it; without one they are left out. */
  githubToken?: string | undefined;
  /**
   * Azure Resource Manager, for the sweeper's orphan resource groups: `true` for one over the
   * default credential in the catalog's subscription, or a port made by the caller.
   */
  resourceGroups?: boolean | ResourceGroupsPort | undefined;
  /** The Log Analytics query API: a client factory, or whose token it uses (`default` unless told). */
  logsQuery?: CredentialSource | ((endpoint: string | undefined) => LogsQueryLike) | undefined;
  terraformTimeoutMs?: number | undefined;
}

/** What a run works with: the runner's facts (read once) and the use cases' ports. */
export interface WiredRun<Deps> {
  runner: RunnerContext;
  deps: Deps;
  /** Puts an error from what was wired in words the user can act on (a refused storage account). */
  explainError(error: unknown): unknown;
}

/** With a catalog: the state store, terraform, SLO history and the rest, for every use case. */
export type WiredLifecycle = WiredRun<LifecycleDeps & SloReportDeps> & { catalog: Catalog };

/**
 * The one wiring, for every action and the CLI: reads the runner's context, then builds the use
 * cases' ports over the real packages (state store, terraform, GitHub, Resource Manager, Log
 * Analytics), handing every secret to `mask` first.
 */
export async function wireRun(options: WireOptions & { catalog: Catalog | string }): Promise<WiredLifecycle>;
export async function wireRun(options: WireOptions): Promise<WiredRun<SloReportDeps>>;
export async function wireRun(options: WireOptions): Promise<WiredRun<SloReportDeps> | WiredLifecycle> {
  const { env, logger, mask } = options;
  const token = options.githubToken;
  if (token) mask(token);
  const catalog = typeof options.catalog === 'string' ? await loadCatalog(options.catalog) : options.catalog;
  const runner = readRunnerContext(env);
  const logs = options.logsQuery ?? 'default';
  const deps: SloReportDeps = {
    logger,
    github: token ? gitHubPort(token, runner, env, logger) : undefined,
    logsQuery: typeof logs === 'function' ? logs : (endpoint) => logsQueryClient(endpoint, logs, mask),
  };
  if (!catalog) return { runner, deps, explainError: (error) => error };

  const auth = openStorage(catalog.backend, env, { logger, mask });
  const lifecycle: LifecycleDeps & SloReportDeps = {
    ...deps,
    state: createStatePort({ auth, backend: catalog.backend, logger, repository: runner.repository }),
    // Kept SLO reports belong to the main container, beside the long-lived states.
    history: createSloHistoryPort({ auth, container: catalog.backend.container, logger }),
    terraform: terraformPorts({
      binary: catalog.terraform.binary,
      logger,
      timeoutMs: options.terraformTimeoutMs,
    }),
  };
  if (options.resourceGroups === true) {
    const subscriptionId = subscriptionFor(catalog, env, { purpose: 'Looking for orphan resource groups' });
    lifecycle.resourceGroups = resourceGroupsClient(subscriptionId);
  } else if (options.resourceGroups) {
    lifecycle.resourceGroups = options.resourceGroups;
  }
  return {
    catalog,
    runner,
    deps: lifecycle,
    explainError: (error) => explainStorageError(error, auth.accountName),
  };
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
