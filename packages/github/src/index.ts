export { GITHUB_COMMENT_LIMIT } from './comment-truncation.js';
export {
  type DeploymentState,
  deactivateEnvironmentDeployments,
  setDeploymentStatus,
  startDeployment,
} from './deployments.js';
export { renderEnvironmentComment } from './environment-comment.js';
export { createGitHubClient, type Octokit } from './github-client.js';
export { GitHubUnavailableError, isGitHubUnavailableError } from './github-unavailable-error.js';
export { type IncidentReport, syncIncidents } from './incident-issues.js';
export { listOpenPullRequestNumbers, listOpenPullRequests, pullRequestState } from './pull-requests.js';
export { upsertStickyComment } from './sticky-comment.js';
export { workflowRunState } from './workflow-runs.js';
