import type { Logger } from '@terrarium/core';
import type { Octokit } from './github-client.js';

export type DeploymentState = 'in_progress' | 'success' | 'failure' | 'inactive' | 'error';

export interface StartDeploymentOptions {
  owner: string;
  repo: string;
  /** Branch, tag or SHA the environment was built from. */
  ref: string;
  /** The env id (`feat-pr-123`, `stg`): GitHub's environment name. */
  environment: string;
  description: string;
  /** Ephemeral environments: GitHub shows them as gone once inactive. */
  transient: boolean;
  production: boolean;
  logger: Logger;
}

/** GitHub truncates nothing: a description over 140 characters is a 422. */
const DESCRIPTION_LIMIT = 140;

function shorten(text: string): string {
  return text.length > DESCRIPTION_LIMIT ? `${text.slice(0, DESCRIPTION_LIMIT - 3)}...` : text;
}

/**
 * Creates a deployment and returns its id. `auto_merge: false` because a deployment must not
 * merge the default branch into the PR; `required_contexts: []` because the environment is
 * built before (or regardless of) other checks passing.
 */
export async function startDeployment(octokit: Octokit, options: StartDeploymentOptions): Promise<number> {
  const { owner, repo, environment, logger } = options;
  const { data } = await octokit.rest.repos.createDeployment({
    owner,
    repo,
    ref: options.ref,
    environment,
    description: shorten(options.description),
    transient_environment: options.transient,
    production_environment: options.production,
    auto_merge: false,
    required_contexts: [],
    task: 'deploy',
  });
  // A 202 (merge happened instead) carries only a message; with auto_merge false it means a bug.
  if (!('id' in data))
    throw new Error(`GitHub created no deployment for ${environment}: ${data.message ?? ''}`);
  logger.debug(`Deployment ${data.id} created for ${environment} at ${options.ref}.`);
  return data.id;
}

export interface DeploymentStatusOptions {
  owner: string;
  repo: string;
  deploymentId: number;
  state: DeploymentState;
  environmentUrl?: string | undefined;
  logUrl?: string | undefined;
  description?: string | undefined;
}

/** Returns the new status's id. */
export async function setDeploymentStatus(
  octokit: Octokit,
  options: DeploymentStatusOptions,
): Promise<number> {
  const { data } = await octokit.rest.repos.createDeploymentStatus({
    owner: options.owner,
    repo: options.repo,
    deployment_id: options.deploymentId,
    state: options.state,
    ...(options.environmentUrl ? { environment_url: options.environmentUrl } : {}),
    ...(options.logUrl ? { log_url: options.logUrl } : {}),
    ...(options.description ? { description: shorten(options.description) } : {}),
  });
  return data.id;
}

export interface DeactivateOptions {
  owner: string;
  repo: string;
  environment: string;
  logger?: Logger | undefined;
}

/**
 * Marks every deployment of an environment inactive, so GitHub no longer shows a torn-down
 * environment as live. Returns how many deployments were marked.
 */
export async function deactivateEnvironmentDeployments(
  octokit: Octokit,
  options: DeactivateOptions,
): Promise<number> {
  const { owner, repo, environment } = options;
  const deployments = await octokit.paginate(octokit.rest.repos.listDeployments, {
    owner,
    repo,
    environment,
    per_page: 100,
  });
  for (const deployment of deployments)
    await setDeploymentStatus(octokit, { owner, repo, deploymentId: deployment.id, state: 'inactive' });
  options.logger?.debug(`Marked ${deployments.length} deployment(s) of ${environment} inactive.`);
  return deployments.length;
}
