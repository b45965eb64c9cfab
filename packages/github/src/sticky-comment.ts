import type { Logger } from '@terrarium/core';
import { GITHUB_COMMENT_LIMIT, truncateComment } from './comment-truncation.js';
import type { Octokit } from './github-client.js';

export interface StickyCommentOptions {
  owner: string;
  repo: string;
  issueNumber: number;
  /** One per environment, e.g. its env id: the comment is found again by `<!-- terrarium:<marker> -->`. */
  marker: string;
  body: string;
  logger: Logger;
  /** Where the full text is, pointed to when the body must be truncated. */
  logUrl?: string | undefined;
}

export interface StickyCommentResult {
  id: number;
  url: string;
  created: boolean;
}

export function stickyMarker(marker: string): string {
  // `--` or `>` would end the HTML comment early and show the rest on the page.
  if (!/^[A-Za-z0-9._:/-]+$/.test(marker) || marker.includes('--'))
    throw new Error(
      `sticky comment marker ${JSON.stringify(marker)} must be letters, digits and . _ : / - (no "--")`,
    );
  return `<!-- terrarium:${marker} -->`;
}

/**
 * Creates or edits the pull request's one comment for an environment. Reads every page of
 * comments (a busy PR has hundreds); if a race ever left two, the oldest is kept and the others
 * deleted. An unchanged body is not written again.
 */
export async function upsertStickyComment(
  octokit: Octokit,
  options: StickyCommentOptions,
): Promise<StickyCommentResult> {
  const { owner, repo, issueNumber, logger } = options;
  const marker = stickyMarker(options.marker);
  const body = truncateComment(`${marker}\n${options.body}`, GITHUB_COMMENT_LIMIT, options.logUrl);
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner,
    repo,
    issue_number: issueNumber,
    per_page: 100,
  });
  // Only what we wrote with the marker first: a person who quotes or pastes the marker must
  // never have their comment overwritten or deleted as a "duplicate". "We" is a bot for the
  // Actions token; with a person's token (PAT) it is that person, asked of GitHub only when needed.
  const marked = comments.filter((comment) => comment.body?.startsWith(marker));
  let mine = marked.filter((comment) => isBot(comment.user));
  if (mine.length === 0 && marked.length > 0) {
    const viewer = await tokenOwner(octokit);
    mine = marked.filter((comment) => viewer !== undefined && comment.user?.login === viewer);
  }
  const [existing, ...duplicates] = mine;
  for (const duplicate of duplicates) {
    logger.warning(`Deleting duplicate Terrarium comment ${duplicate.id} on #${issueNumber}.`);
    await octokit.rest.issues.deleteComment({ owner, repo, comment_id: duplicate.id });
  }
  if (!existing) {
    const { data } = await octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: issueNumber,
      body,
    });
    logger.info(`Commented on #${issueNumber}: ${data.html_url}`);
    return { id: data.id, url: data.html_url, created: true };
  }
  if (existing.body === body) {
    logger.debug(`Comment ${existing.id} on #${issueNumber} is already up to date.`);
    return { id: existing.id, url: existing.html_url, created: false };
  }
  const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
  logger.info(`Updated the comment on #${issueNumber}: ${data.html_url}`);
  return { id: data.id, url: data.html_url, created: false };
}

/** The login a person's token belongs to; undefined for app and Actions tokens, which may not ask. */
async function tokenOwner(octokit: Octokit): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    return data.login;
  } catch {
    return undefined;
  }
}

/** GitHub App and Actions tokens comment as `<name>[bot]`, of type Bot. */
function isBot(user: { login: string; type?: string } | null | undefined): boolean {
  return user?.type === 'Bot' || (user?.login.endsWith('[bot]') ?? false);
}
