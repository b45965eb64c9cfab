import type { Logger, Target } from '@terrarium/core';
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
import type { EnvironmentStatus, GitHubPort } from '@terrarium/lifecycle';

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
    async comment(view) {
      if (view.target.pullRequest === undefined) return;
      const body = renderEnvironmentComment({
        envId: view.target.envId,
        status: view.status,
        url: view.url,
        planSummary: view.plan,
        planHash: view.planHash,
        message: view.message,
        runUrl: view.runUrl,
        branch: view.target.branch,
        expiresAt: view.target.expiresAt,
        failureReason: view.failureReason,
      });
      await upsertStickyComment(octokit, {
        owner,
        repo,
        issueNumber: view.target.pullRequest,
        marker: `env/${view.target.envId}`,
        body,
        logger,
        logUrl: view.runUrl,
      });
    },
    async deploymentStatus(view) {
      const state = DEPLOYMENT_STATE[view.status];
      if (!state) return;
      let id = deployments.get(view.target.envId);
      if (id === undefined) {
        id = await startDeployment(octokit, {
          owner,
          repo,
          ref: view.target.commit ?? options.ref,
          environment: view.target.envId,
          description: `Terrarium: ${view.target.envId}`,
          transient: view.target.kind === 'ephemeral',
          production: view.target.safety === 'maximum',
          logger,
        });
        deployments.set(view.target.envId, id);
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
    async syncIncidents(report, runUrl) {
      return (await syncIncidents(octokit, { owner, repo, report, runUrl, logger })).length;
    },
  };
}
