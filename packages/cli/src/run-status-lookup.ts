import { workflowRunState } from '@terrarium/github';
import { gitHubClient } from '@terrarium/runtime';
import type { RunStatus } from '@terrarium/state';
import type { CommandContext } from './command.js';

/**
 * Asks GitHub whether the run named in a lock is still going, when a token and the repository
 * are known (as in a workflow, or with GITHUB_TOKEN and GITHUB_REPOSITORY set by hand).
 * Without them a lock is judged by its age alone.
 */
export function runStatusLookup(
  context: CommandContext,
): ((runId: string) => Promise<RunStatus>) | undefined {
  const token = context.env.GITHUB_TOKEN ?? context.env.GH_TOKEN;
  const [owner, repo] = (context.env.GITHUB_REPOSITORY ?? '').split('/');
  if (!token || !owner || !repo) return undefined;
  context.redactor.add(token);
  const octokit = gitHubClient(token, context.env, context.logger);
  return (runId) => workflowRunState(octokit, { owner, repo, runId });
}
