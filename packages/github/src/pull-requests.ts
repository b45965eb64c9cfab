import type { Octokit } from './github-client.js';

export interface PullRequestState {
  state: 'open' | 'closed';
  merged: boolean;
  labels: string[];
  headRef: string;
}

export interface OpenPullRequest {
  number: number;
  labels: string[];
  headRef: string;
}

/** The pull request's state, or undefined when it does not exist (404). */
export async function pullRequestState(
  octokit: Octokit,
  options: { owner: string; repo: string; number: number },
): Promise<PullRequestState | undefined> {
  try {
    const { data } = await octokit.rest.pulls.get({
      owner: options.owner,
      repo: options.repo,
      pull_number: options.number,
    });
    return {
      state: data.state === 'closed' ? 'closed' : 'open',
      merged: data.merged === true,
      labels: data.labels.map((label) => label.name),
      headRef: data.head.ref,
    };
  } catch (error) {
    if ((error as { status?: unknown }).status === 404) return undefined;
    throw error;
  }
}

/** Every open pull request, one request per 100: the sweeper's whole view of PRs. */
export async function listOpenPullRequests(
  octokit: Octokit,
  options: { owner: string; repo: string },
): Promise<OpenPullRequest[]> {
  const pulls = await octokit.paginate(octokit.rest.pulls.list, {
    owner: options.owner,
    repo: options.repo,
    state: 'open',
    per_page: 100,
  });
  return pulls.map((pull) => ({
    number: pull.number,
    labels: pull.labels.map((label) => label.name),
    headRef: pull.head.ref,
  }));
}

export async function listOpenPullRequestNumbers(
  octokit: Octokit,
  options: { owner: string; repo: string },
): Promise<number[]> {
  return (await listOpenPullRequests(octokit, options)).map((pull) => pull.number);
}
