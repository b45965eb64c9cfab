import type { Octokit } from './github-client.js';

export type WorkflowRunState = 'in_progress' | 'completed' | 'unknown';

const STILL_GOING = new Set(['queued', 'in_progress', 'waiting', 'requested', 'pending']);

/**
 * Whether the run that holds a state lease may still be working: a lease held by a completed
 * (or unknown) run is stale. A missing run is `unknown`; other failures throw
 * GitHubUnavailableError, since "cannot tell" must not be read as "finished".
 */
export async function workflowRunState(
  octokit: Octokit,
  options: { owner: string; repo: string; runId: number | string },
): Promise<WorkflowRunState> {
  const runId = Number(options.runId);
  if (!Number.isSafeInteger(runId) || runId <= 0) return 'unknown';
  try {
    const { data } = await octokit.rest.actions.getWorkflowRun({
      owner: options.owner,
      repo: options.repo,
      run_id: runId,
    });
    if (data.status === 'completed') return 'completed';
    return data.status && STILL_GOING.has(data.status) ? 'in_progress' : 'unknown';
  } catch (error) {
    if ((error as { status?: unknown }).status === 404) return 'unknown';
    throw error;
  }
}
