import type { EnvironmentStatus, Logger, Target } from '@terrarium/core';
import {
  type DeploymentState,
  deactivateEnvironmentDeployments,
  listOpenPullRequests,
  type Octokit,
  renderEnvironmentComment,
  setDeploymentStatus,
  startDeployment,
  syncIncidents,
  upsertStickyComment,
  workflowRunState,
} from '@terrarium/github';
import type { GitHubPort } from '@terrarium/lifecycle';

export interface GitHubPortOptions {
  octokit: Octokit;
  /** `owner/name`, from GITHUB_REPOSITORY. */
  repository: string;
  /** The commit or ref deployments are made for (GITHUB_SHA, or the PR head). */
  ref: string;
  logger: Logger;
}

const DEPLOYMENT_STATE: Partial<Record<EnvironmentStatus, DeploymentState>> = {
  provisioning: 'in_progress',
  ready: 'success',
  failed: 'failure',
};

/** The GitHubPort over @terrarium/github. One per run: it remembers the deployment it created. */
export function createGitHubPort(options: GitHubPortOptions): GitHubPort {
  const { octokit, logger } = options;
  const [owner = '', repo = ''] = options.repository.split('/');
  const deployments = new Map<string, number>();

  return {
    async comment(target, view) {
      if (target.pullRequest === undefined) return;
      await upsertStickyComment(octokit, {
        owner,
        repo,
        issueNumber: target.pullRequest,
        marker: `env/${target.envId}`,
        body: renderEnvironmentComment(view),
        logger,
        logUrl: view.runUrl,
      });
    },
    async deploymentStatus(target, view) {
      const state = DEPLOYMENT_STATE[view.status];
      if (!state) return;
      let id = deployments.get(target.envId);
      if (id === undefined) {
        id = await startDeployment(octokit, {
          owner,
          repo,
          ref: target.commit ?? options.ref,
          environment: target.envId,
          description: `Terrarium: ${target.envId}`,
          transient: target.kind === 'ephemeral',
          production: target.safety === 'maximum',
          logger,
        });
        deployments.set(target.envId, id);
      }
      await setDeploymentStatus(octokit, {
        owner,
        repo,
        deploymentId: id,
        state,
        environmentUrl: view.url,
        logUrl: view.runUrl,
        description: view.failureReason ? `failed: ${view.failureReason}` : undefined,
      });
    },
    async deactivateDeployments(target: Target) {
      await deactivateEnvironmentDeployments(octokit, { owner, repo, environment: target.envId, logger });
    },
    workflowRunState: (runId) => workflowRunState(octokit, { owner, repo, runId }),
    openPullRequests: () => listOpenPullRequests(octokit, { owner, repo }),
    async sloComment(pullRequest, sloName, markdown, runUrl) {
      await upsertStickyComment(octokit, {
        owner,
        repo,
        issueNumber: pullRequest,
        marker: `slo:${sloName}`,
        body: markdown,
        logger,
        logUrl: runUrl,
      });
    },
    async syncIncidents(report, runUrl, trends) {
      return (await syncIncidents(octokit, { owner, repo, report, runUrl, trends, logger })).length;
    },
  };
}
