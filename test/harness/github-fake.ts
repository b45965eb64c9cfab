import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';

/**
 * A GitHub REST API on loopback, for tests. @actions/github 9 sends requests with undici's own
 * fetch, which msw and nock never see; a real HTTP server is seen by every client the same way.
 * Responses follow the shapes GitHub's REST reference documents; lists paginate with `Link`
 * headers and honour `per_page` (default 30, at most 100) and `page`.
 *
 * As on GitHub, pull requests are issues too: issue listings and `GET /issues/{n}` include them
 * (with a `pull_request` key), so code that lists issues must filter them out.
 * Leniency on purpose: comments may be posted on any issue or pull request number, seeded or not.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  headers: Record<string, string>;
}

export interface FakeUser {
  login: string;
  id: number;
  node_id: string;
  type: 'Bot' | 'User';
  site_admin: boolean;
  html_url: string;
  url: string;
}

export interface FakeLabel {
  id: number;
  node_id: string;
  url: string;
  name: string;
  color: string;
  default: boolean;
  description: string | null;
}

export interface FakeIssue {
  id: number;
  node_id: string;
  url: string;
  html_url: string;
  repository_url: string;
  comments_url: string;
  number: number;
  state: 'open' | 'closed';
  state_reason: string | null;
  title: string;
  body: string | null;
  user: FakeUser;
  labels: FakeLabel[];
  assignees: FakeUser[];
  locked: boolean;
  comments: number;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  author_association: string;
}

export interface FakeComment {
  id: number;
  node_id: string;
  url: string;
  html_url: string;
  issue_url: string;
  body: string;
  user: FakeUser;
  created_at: string;
  updated_at: string;
  author_association: string;
  /** Not in GitHub's shape (it is in issue_url); kept for tests to filter by. */
  issue_number: number;
}

export interface FakeDeployment {
  id: number;
  node_id: string;
  url: string;
  statuses_url: string;
  repository_url: string;
  sha: string;
  ref: string;
  task: string;
  payload: unknown;
  original_environment: string;
  environment: string;
  description: string | null;
  creator: FakeUser;
  created_at: string;
  updated_at: string;
  transient_environment: boolean;
  production_environment: boolean;
  /** Not in GitHub's response; what the client asked for, for tests to assert on. */
  auto_merge: boolean;
  required_contexts: string[] | undefined;
}

export interface FakeDeploymentStatus {
  id: number;
  node_id: string;
  url: string;
  state: string;
  creator: FakeUser;
  description: string;
  environment: string;
  target_url: string;
  log_url: string;
  environment_url: string;
  created_at: string;
  updated_at: string;
  deployment_url: string;
  repository_url: string;
  deployment_id: number;
}

export interface FakeWorkflowRun {
  id: number;
  node_id: string;
  name: string;
  head_branch: string;
  head_sha: string;
  path: string;
  run_number: number;
  run_attempt: number;
  event: string;
  status: string;
  conclusion: string | null;
  workflow_id: number;
  url: string;
  html_url: string;
  created_at: string;
  updated_at: string;
  run_started_at: string;
}

export interface FakePull {
  id: number;
  node_id: string;
  url: string;
  html_url: string;
  issue_url: string;
  comments_url: string;
  number: number;
  state: 'open' | 'closed';
  locked: boolean;
  title: string;
  body: string | null;
  user: FakeUser;
  labels: FakeLabel[];
  draft: boolean;
  merged: boolean;
  merged_at: string | null;
  closed_at: string | null;
  merge_commit_sha: string | null;
  created_at: string;
  updated_at: string;
  head: { label: string; ref: string; sha: string; user: FakeUser };
  base: { label: string; ref: string; sha: string; user: FakeUser };
  author_association: string;
}

export interface FailureMatch {
  method?: string;
  pathIncludes: string;
}

export interface FailureResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface PullSeed {
  state: 'open' | 'closed';
  merged?: boolean;
  labels?: string[];
  title?: string;
  headRef?: string;
}

export interface GitHubFake {
  /** `http://127.0.0.1:<port>`: use as GITHUB_API_URL or getOctokit's baseUrl. */
  url: string;
  owner: string;
  repo: string;
  /** Every request, in order, including failed and unknown ones. */
  requests: RecordedRequest[];
  issues: FakeIssue[];
  comments: FakeComment[];
  deployments: FakeDeployment[];
  deploymentStatuses: FakeDeploymentStatus[];
  workflowRuns: Map<number, FakeWorkflowRun>;
  pulls: Map<number, FakePull>;
  labels: FakeLabel[];
  setWorkflowRun(id: number, run: { status: string; conclusion?: string | null }): FakeWorkflowRun;
  setPull(number: number, pull: PullSeed): FakePull;
  /** Seeds a comment as if someone (by default a human) had written it. */
  seedComment(issueNumber: number, body: string, login?: string): FakeComment;
  seedIssue(issue: { title: string; body?: string; labels?: string[]; state?: 'open' | 'closed' }): FakeIssue;
  /** The next `times` requests matching answer with `response` instead of being served. */
  failNext(match: FailureMatch, response: FailureResponse, times?: number): void;
  stop(): Promise<void>;
}

const DOCS = 'https://docs.github.com/rest';

const BOT: FakeUser = {
  login: 'github-actions[bot]',
  id: 41898282,
  node_id: 'MDM6Qm90NDE4OTgyODI=',
  type: 'Bot',
  site_admin: false,
  html_url: 'https://github.com/apps/github-actions',
  url: 'https://api.github.com/users/github-actions%5Bbot%5D',
};

function human(login: string): FakeUser {
  return {
    login,
    id: 1000 + (createHash('sha1').update(login).digest().readUInt16BE(0) % 100000),
    node_id: Buffer.from(`04:User${login}`).toString('base64'),
    type: 'User',
    site_admin: false,
    html_url: `https://github.com/${login}`,
    url: `https://api.github.com/users/${login}`,
  };
}

/** GitHub's timestamps carry seconds, not milliseconds. */
function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function fakeSha(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

function nodeId(kind: string, id: number): string {
  return Buffer.from(`0:${kind}${id}`).toString('base64');
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

function notFound(): HttpError {
  return new HttpError(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
}

function validationFailed(resource: string, field: string, code: string, message?: string): HttpError {
  const error: Record<string, string> = { resource, field, code };
  if (message) error.message = message;
  return new HttpError(422, {
    message: 'Validation Failed',
    errors: [error],
    documentation_url: DOCS,
    status: '422',
  });
}

const COMMENT_BODY_LIMIT = 65536;
const DEPLOYMENT_STATES = new Set([
  'error',
  'failure',
  'inactive',
  'in_progress',
  'queued',
  'pending',
  'success',
]);

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Context {
  request: RecordedRequest;
  params: string[];
}

type Handler = (context: Context) => Reply;

export async function startGitHubFake(
  options: {
    owner?: string;
    repo?: string;
    /**
     * The person a personal access token belongs to. Unset, the token is the Actions
     * GITHUB_TOKEN: comments are by github-actions[bot] and GET /user is refused, as on GitHub.
     */
    viewer?: string;
  } = {},
): Promise<GitHubFake> {
  // The repository the webhook examples of @octokit/webhooks-examples belong to.
  const owner = options.owner ?? 'Codertocat';
  const repo = options.repo ?? 'Hello-World';
  let nextId = 1000;
  const newId = () => ++nextId;
  const failures: { match: FailureMatch; response: FailureResponse; remaining: number }[] = [];

  const fake = {
    url: '',
    owner,
    repo,
    requests: [] as RecordedRequest[],
    issues: [] as FakeIssue[],
    comments: [] as FakeComment[],
    deployments: [] as FakeDeployment[],
    deploymentStatuses: [] as FakeDeploymentStatus[],
    workflowRuns: new Map<number, FakeWorkflowRun>(),
    pulls: new Map<number, FakePull>(),
    labels: [] as FakeLabel[],
  };

  const repoApi = () => `${fake.url}/repos/${owner}/${repo}`;
  const repoHtml = `https://github.com/${owner}/${repo}`;

  // Issues and pull requests share one number space, as on GitHub.
  function nextNumber(): number {
    let highest = 0;
    for (const issue of fake.issues) highest = Math.max(highest, issue.number);
    for (const number of fake.pulls.keys()) highest = Math.max(highest, number);
    return highest + 1;
  }

  function ensureLabel(name: string): FakeLabel {
    const existing = fake.labels.find((label) => label.name.toLowerCase() === name.toLowerCase());
    if (existing) return existing;
    const id = newId();
    const label: FakeLabel = {
      id,
      node_id: nodeId('Label', id),
      url: `${repoApi()}/labels/${encodeURIComponent(name)}`,
      name,
      color: 'ededed',
      default: false,
      description: null,
    };
    fake.labels.push(label);
    return label;
  }

  function labelNames(input: unknown): string[] {
    if (!Array.isArray(input)) return [];
    return input.map((entry) =>
      typeof entry === 'string' ? entry : String((entry as { name?: unknown }).name ?? ''),
    );
  }

  function makeIssue(seed: {
    title: string;
    body?: string | null;
    labels?: string[];
    state?: 'open' | 'closed';
    user?: FakeUser;
  }): FakeIssue {
    const id = newId();
    const number = nextNumber();
    const created = now();
    const issue: FakeIssue = {
      id,
      node_id: nodeId('Issue', id),
      url: `${repoApi()}/issues/${number}`,
      html_url: `${repoHtml}/issues/${number}`,
      repository_url: repoApi(),
      comments_url: `${repoApi()}/issues/${number}/comments`,
      number,
      state: seed.state ?? 'open',
      state_reason: seed.state === 'closed' ? 'completed' : null,
      title: seed.title,
      body: seed.body ?? null,
      user: seed.user ?? BOT,
      labels: (seed.labels ?? []).map(ensureLabel),
      assignees: [],
      locked: false,
      comments: 0,
      created_at: created,
      updated_at: created,
      closed_at: seed.state === 'closed' ? created : null,
      author_association: 'NONE',
    };
    fake.issues.push(issue);
    return issue;
  }

  function makeComment(issueNumber: number, body: string, user: FakeUser): FakeComment {
    const id = newId();
    const created = now();
    const comment: FakeComment = {
      id,
      node_id: nodeId('IssueComment', id),
      url: `${repoApi()}/issues/comments/${id}`,
      html_url: `${repoHtml}/${fake.pulls.has(issueNumber) ? 'pull' : 'issues'}/${issueNumber}#issuecomment-${id}`,
      issue_url: `${repoApi()}/issues/${issueNumber}`,
      body,
      user,
      created_at: created,
      updated_at: created,
      author_association: user.type === 'Bot' ? 'NONE' : 'MEMBER',
      issue_number: issueNumber,
    };
    fake.comments.push(comment);
    const issue = fake.issues.find((candidate) => candidate.number === issueNumber);
    if (issue) issue.comments += 1;
    return comment;
  }

  function setWorkflowRun(id: number, run: { status: string; conclusion?: string | null }): FakeWorkflowRun {
    const existing = fake.workflowRuns.get(id);
    const stamp = now();
    const next: FakeWorkflowRun = existing
      ? { ...existing, status: run.status, conclusion: run.conclusion ?? null, updated_at: stamp }
      : {
          id,
          node_id: nodeId('WorkflowRun', id),
          name: 'terrarium',
          head_branch: 'main',
          head_sha: fakeSha(`run-${id}`),
          path: '.github/workflows/terrarium.yml',
          run_number: fake.workflowRuns.size + 1,
          run_attempt: 1,
          event: 'pull_request',
          status: run.status,
          conclusion: run.conclusion ?? null,
          workflow_id: 161335,
          url: `${repoApi()}/actions/runs/${id}`,
          html_url: `${repoHtml}/actions/runs/${id}`,
          created_at: stamp,
          updated_at: stamp,
          run_started_at: stamp,
        };
    fake.workflowRuns.set(id, next);
    return next;
  }

  function setPull(number: number, seed: PullSeed): FakePull {
    const existing = fake.pulls.get(number);
    const stamp = now();
    const merged = seed.merged ?? existing?.merged ?? false;
    const closed = seed.state === 'closed';
    const headRef = seed.headRef ?? existing?.head.ref ?? `feature-${number}`;
    const id = existing?.id ?? newId();
    const pull: FakePull = {
      id,
      node_id: nodeId('PullRequest', id),
      url: `${repoApi()}/pulls/${number}`,
      html_url: `${repoHtml}/pull/${number}`,
      issue_url: `${repoApi()}/issues/${number}`,
      comments_url: `${repoApi()}/issues/${number}/comments`,
      number,
      state: seed.state,
      locked: false,
      title: seed.title ?? existing?.title ?? `Pull request ${number}`,
      body: existing?.body ?? null,
      user: existing?.user ?? human('Codertocat'),
      labels: seed.labels ? seed.labels.map(ensureLabel) : (existing?.labels ?? []),
      draft: false,
      merged: closed && merged,
      merged_at: closed && merged ? (existing?.merged_at ?? stamp) : null,
      closed_at: closed ? (existing?.closed_at ?? stamp) : null,
      merge_commit_sha: fakeSha(`merge-${number}`),
      created_at: existing?.created_at ?? stamp,
      updated_at: stamp,
      head: {
        label: `${owner}:${headRef}`,
        ref: headRef,
        sha: fakeSha(`head-${number}-${headRef}`),
        user: human(owner),
      },
      base: { label: `${owner}:main`, ref: 'main', sha: fakeSha('main'), user: human(owner) },
      author_association: 'OWNER',
    };
    fake.pulls.set(number, pull);
    return pull;
  }

  function paginate<T>(request: RecordedRequest, items: T[]): Reply {
    const perPage = Math.min(100, Math.max(1, Number.parseInt(request.query.per_page ?? '30', 10) || 30));
    const page = Math.max(1, Number.parseInt(request.query.page ?? '1', 10) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const link = (target: number, rel: string) => {
      const query = new URLSearchParams({
        ...request.query,
        per_page: String(perPage),
        page: String(target),
      });
      return `<${fake.url}${request.path}?${query.toString()}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (page > 1) links.push(link(page - 1, 'prev'));
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    if (page > 1) links.push(link(1, 'first'));
    return { status: 200, body: slice, headers: links.length > 0 ? { link: links.join(', ') } : {} };
  }

  function findComment(idText: string): FakeComment {
    const comment = fake.comments.find((candidate) => candidate.id === Number(idText));
    if (!comment) throw notFound();
    return comment;
  }

  function findIssue(numberText: string): FakeIssue {
    const issue = fake.issues.find((candidate) => candidate.number === Number(numberText));
    if (!issue) throw notFound();
    return issue;
  }

  /** Every pull request is an issue too: GitHub's issue endpoints show it, with a `pull_request` key. */
  function pullAsIssue(pull: FakePull): FakeIssue & { pull_request: Record<string, unknown> } {
    return {
      id: pull.id,
      node_id: pull.node_id,
      url: pull.issue_url,
      html_url: pull.html_url,
      repository_url: repoApi(),
      comments_url: pull.comments_url,
      number: pull.number,
      state: pull.state,
      state_reason: null,
      title: pull.title,
      body: pull.body,
      user: pull.user,
      labels: pull.labels,
      assignees: [],
      locked: pull.locked,
      comments: fake.comments.filter((comment) => comment.issue_number === pull.number).length,
      created_at: pull.created_at,
      updated_at: pull.updated_at,
      closed_at: pull.closed_at,
      author_association: pull.author_association,
      pull_request: {
        url: pull.url,
        html_url: pull.html_url,
        diff_url: `${pull.html_url}.diff`,
        patch_url: `${pull.html_url}.patch`,
        merged_at: pull.merged_at,
      },
    };
  }

  /** The list endpoint's "pull request simple" shape has no `merged` (only `merged_at`). */
  function pullSimple(pull: FakePull): Omit<FakePull, 'merged'> {
    const simple: Partial<FakePull> = { ...pull };
    delete simple.merged;
    return simple as Omit<FakePull, 'merged'>;
  }

  function findDeployment(idText: string): FakeDeployment {
    const deployment = fake.deployments.find((candidate) => candidate.id === Number(idText));
    if (!deployment) throw notFound();
    return deployment;
  }

  function bodyOf(request: RecordedRequest): Record<string, unknown> {
    return request.body !== null && typeof request.body === 'object'
      ? (request.body as Record<string, unknown>)
      : {};
  }

  function commentText(request: RecordedRequest): string {
    const body = bodyOf(request).body;
    if (typeof body !== 'string' || body.length === 0)
      throw validationFailed('IssueComment', 'body', 'missing_field');
    if (body.length > COMMENT_BODY_LIMIT)
      throw validationFailed(
        'IssueComment',
        'body',
        'custom',
        `body is too long (maximum is ${COMMENT_BODY_LIMIT} characters)`,
      );
    return body;
  }

  function createStatus(deployment: FakeDeployment, input: Record<string, unknown>): FakeDeploymentStatus {
    const state = input.state;
    if (typeof state !== 'string' || !DEPLOYMENT_STATES.has(state))
      throw validationFailed('DeploymentStatus', 'state', 'invalid');
    const id = newId();
    const stamp = now();
    const text = (value: unknown) => (typeof value === 'string' ? value : '');
    const status: FakeDeploymentStatus = {
      id,
      node_id: nodeId('DeploymentStatus', id),
      url: `${repoApi()}/deployments/${deployment.id}/statuses/${id}`,
      state,
      creator: BOT,
      description: text(input.description),
      environment: typeof input.environment === 'string' ? input.environment : deployment.environment,
      target_url: text(input.target_url) || text(input.log_url),
      log_url: text(input.log_url) || text(input.target_url),
      environment_url: text(input.environment_url),
      created_at: stamp,
      updated_at: stamp,
      deployment_url: deployment.url,
      repository_url: repoApi(),
      deployment_id: deployment.id,
    };
    fake.deploymentStatuses.push(status);
    deployment.updated_at = stamp;
    // GitHub's auto_inactive (default true): a success marks earlier successful, non-transient,
    // non-production deployments of the same environment inactive.
    if (state === 'success' && input.auto_inactive !== false) {
      for (const earlier of fake.deployments) {
        if (earlier.id === deployment.id || earlier.environment !== deployment.environment) continue;
        if (earlier.transient_environment || earlier.production_environment) continue;
        if (latestState(earlier.id) !== 'success') continue;
        createStatus(earlier, { state: 'inactive', auto_inactive: false });
      }
    }
    return status;
  }

  function latestState(deploymentId: number): string | undefined {
    const statuses = fake.deploymentStatuses.filter((status) => status.deployment_id === deploymentId);
    return statuses.at(-1)?.state;
  }

  const newestFirst = <T extends { id: number }>(items: T[]) => [...items].sort((a, b) => b.id - a.id);

  const author = options.viewer ? human(options.viewer) : BOT;

  const routes: [string, RegExp, Handler][] = [
    // Issue comments: ascending by creation, as GitHub lists them.
    [
      'GET',
      /^\/issues\/(\d+)\/comments$/,
      ({ request, params }) =>
        paginate(
          request,
          fake.comments.filter((comment) => comment.issue_number === Number(params[0])),
        ),
    ],
    [
      'POST',
      /^\/issues\/(\d+)\/comments$/,
      ({ request, params }) => ({
        status: 201,
        body: makeComment(Number(params[0]), commentText(request), author),
      }),
    ],
    [
      'GET',
      /^\/issues\/comments\/(\d+)$/,
      ({ params }) => ({ status: 200, body: findComment(params[0] ?? '') }),
    ],
    [
      'PATCH',
      /^\/issues\/comments\/(\d+)$/,
      ({ request, params }) => {
        const comment = findComment(params[0] ?? '');
        comment.body = commentText(request);
        comment.updated_at = now();
        return { status: 200, body: comment };
      },
    ],
    [
      'DELETE',
      /^\/issues\/comments\/(\d+)$/,
      ({ params }) => {
        const comment = findComment(params[0] ?? '');
        fake.comments.splice(fake.comments.indexOf(comment), 1);
        return { status: 204 };
      },
    ],
    // Issues: newest first; `state` defaults to open; `labels` is a comma-separated AND filter.
    [
      'GET',
      /^\/issues$/,
      ({ request }) => {
        const state = request.query.state ?? 'open';
        const wanted = (request.query.labels ?? '')
          .split(',')
          .map((name) => name.trim().toLowerCase())
          .filter(Boolean);
        const everything = [...fake.issues, ...[...fake.pulls.values()].map(pullAsIssue)];
        const matching = everything.filter(
          (issue) =>
            (state === 'all' || issue.state === state) &&
            wanted.every((name) => issue.labels.some((label) => label.name.toLowerCase() === name)),
        );
        const ordered = request.query.direction === 'asc' ? [...matching] : newestFirst(matching);
        return paginate(request, ordered);
      },
    ],
    [
      'POST',
      /^\/issues$/,
      ({ request }) => {
        const input = bodyOf(request);
        if (typeof input.title !== 'string' || input.title.length === 0)
          throw validationFailed('Issue', 'title', 'missing_field');
        const issue = makeIssue({
          title: input.title,
          body: typeof input.body === 'string' ? input.body : null,
          labels: labelNames(input.labels),
        });
        return { status: 201, body: issue };
      },
    ],
    [
      'GET',
      /^\/issues\/(\d+)$/,
      ({ params }) => {
        const pull = fake.pulls.get(Number(params[0]));
        return { status: 200, body: pull ? pullAsIssue(pull) : findIssue(params[0] ?? '') };
      },
    ],
    [
      'PATCH',
      /^\/issues\/(\d+)$/,
      ({ request, params }) => {
        const issue = findIssue(params[0] ?? '');
        const input = bodyOf(request);
        const stamp = now();
        if (typeof input.title === 'string') issue.title = input.title;
        if (typeof input.body === 'string' || input.body === null) issue.body = input.body;
        if (Array.isArray(input.labels)) issue.labels = labelNames(input.labels).map(ensureLabel);
        if (input.state === 'open' || input.state === 'closed') {
          if (input.state !== issue.state) {
            issue.closed_at = input.state === 'closed' ? stamp : null;
            issue.state_reason =
              input.state === 'closed'
                ? typeof input.state_reason === 'string'
                  ? input.state_reason
                  : 'completed'
                : 'reopened';
          }
          issue.state = input.state;
        }
        issue.updated_at = stamp;
        return { status: 200, body: issue };
      },
    ],
    // Labels.
    [
      'POST',
      /^\/labels$/,
      ({ request }) => {
        const input = bodyOf(request);
        if (typeof input.name !== 'string' || input.name.length === 0)
          throw validationFailed('Label', 'name', 'missing_field');
        const name = input.name;
        if (fake.labels.some((label) => label.name.toLowerCase() === name.toLowerCase()))
          throw validationFailed('Label', 'name', 'already_exists');
        const label = ensureLabel(name);
        if (typeof input.color === 'string') label.color = input.color.replace(/^#/, '');
        if (typeof input.description === 'string') label.description = input.description;
        return { status: 201, body: label };
      },
    ],
    [
      'GET',
      /^\/labels\/([^/]+)$/,
      ({ params }) => {
        const name = decodeURIComponent(params[0] ?? '').toLowerCase();
        const label = fake.labels.find((candidate) => candidate.name.toLowerCase() === name);
        if (!label) throw notFound();
        return { status: 200, body: label };
      },
    ],
    // Deployments: newest first; filters sha, ref, task, environment.
    [
      'GET',
      /^\/deployments$/,
      ({ request }) => {
        const { sha, ref, task, environment } = request.query;
        const matching = fake.deployments.filter(
          (deployment) =>
            (sha === undefined || deployment.sha === sha) &&
            (ref === undefined || deployment.ref === ref) &&
            (task === undefined || deployment.task === task) &&
            (environment === undefined || deployment.environment === environment),
        );
        return paginate(request, newestFirst(matching));
      },
    ],
    [
      'POST',
      /^\/deployments$/,
      ({ request }) => {
        const input = bodyOf(request);
        if (typeof input.ref !== 'string' || input.ref.length === 0)
          throw validationFailed('Deployment', 'ref', 'missing_field');
        const id = newId();
        const stamp = now();
        const environment = typeof input.environment === 'string' ? input.environment : 'production';
        const deployment: FakeDeployment = {
          id,
          node_id: nodeId('Deployment', id),
          url: `${repoApi()}/deployments/${id}`,
          statuses_url: `${repoApi()}/deployments/${id}/statuses`,
          repository_url: repoApi(),
          sha: /^[0-9a-f]{40}$/.test(input.ref) ? input.ref : fakeSha(`ref-${input.ref}`),
          ref: input.ref,
          task: typeof input.task === 'string' ? input.task : 'deploy',
          payload: input.payload ?? {},
          original_environment: environment,
          environment,
          description: typeof input.description === 'string' ? input.description : null,
          creator: BOT,
          created_at: stamp,
          updated_at: stamp,
          transient_environment: input.transient_environment === true,
          production_environment:
            typeof input.production_environment === 'boolean'
              ? input.production_environment
              : environment === 'production',
          auto_merge: input.auto_merge !== false,
          required_contexts: Array.isArray(input.required_contexts)
            ? input.required_contexts.map(String)
            : undefined,
        };
        fake.deployments.push(deployment);
        return { status: 201, body: deployment };
      },
    ],
    [
      'GET',
      /^\/deployments\/(\d+)$/,
      ({ params }) => ({ status: 200, body: findDeployment(params[0] ?? '') }),
    ],
    [
      'GET',
      /^\/deployments\/(\d+)\/statuses$/,
      ({ request, params }) => {
        const deployment = findDeployment(params[0] ?? '');
        const statuses = fake.deploymentStatuses.filter((status) => status.deployment_id === deployment.id);
        return paginate(request, newestFirst(statuses));
      },
    ],
    [
      'POST',
      /^\/deployments\/(\d+)\/statuses$/,
      ({ request, params }) => ({
        status: 201,
        body: createStatus(findDeployment(params[0] ?? ''), bodyOf(request)),
      }),
    ],
    // Workflow runs.
    [
      'GET',
      /^\/actions\/runs\/(\d+)$/,
      ({ params }) => {
        const run = fake.workflowRuns.get(Number(params[0]));
        if (!run) throw notFound();
        return { status: 200, body: run };
      },
    ],
    // Pull requests: `state` defaults to open; newest first.
    [
      'GET',
      /^\/pulls$/,
      ({ request }) => {
        const state = request.query.state ?? 'open';
        const matching = [...fake.pulls.values()].filter((pull) => state === 'all' || pull.state === state);
        const ordered =
          request.query.direction === 'asc'
            ? matching.sort((a, b) => a.number - b.number)
            : matching.sort((a, b) => b.number - a.number);
        return paginate(request, ordered.map(pullSimple));
      },
    ],
    [
      'GET',
      /^\/pulls\/(\d+)$/,
      ({ params }) => {
        const pull = fake.pulls.get(Number(params[0]));
        if (!pull) throw notFound();
        return { status: 200, body: pull };
      },
    ],
  ];

  function takeFailure(request: RecordedRequest): FailureResponse | undefined {
    const failure = failures.find(
      (candidate) =>
        candidate.remaining > 0 &&
        (candidate.match.method === undefined || candidate.match.method.toUpperCase() === request.method) &&
        request.path.includes(candidate.match.pathIncludes),
    );
    if (!failure) return undefined;
    failure.remaining -= 1;
    return failure.response;
  }

  function route(request: RecordedRequest): Reply {
    const failure = takeFailure(request);
    if (failure) {
      return {
        status: failure.status,
        body: failure.body ?? {
          message: STATUS_CODES[failure.status] ?? 'Error',
          documentation_url: DOCS,
          status: String(failure.status),
        },
        headers: failure.headers ?? {},
      };
    }
    if (!request.headers.authorization)
      return {
        status: 401,
        body: { message: 'Requires authentication', documentation_url: DOCS, status: '401' },
      };
    if (request.method === 'GET' && request.path === '/user') {
      // An installation token (GITHUB_TOKEN) may not read /user; a person's token reads its owner.
      return options.viewer
        ? { status: 200, body: human(options.viewer) }
        : {
            status: 403,
            body: {
              message: 'Resource not accessible by integration',
              documentation_url: DOCS,
              status: '403',
            },
          };
    }
    const prefix = `/repos/${owner}/${repo}`;
    if (request.path.startsWith(prefix)) {
      const rest = request.path.slice(prefix.length);
      for (const [method, pattern, handler] of routes) {
        if (method !== request.method) continue;
        const found = pattern.exec(rest);
        if (!found) continue;
        try {
          return handler({ request, params: found.slice(1) });
        } catch (error) {
          if (error instanceof HttpError) return { status: error.status, body: error.body };
          throw error;
        }
      }
    }
    return { status: 404, body: notFound().body };
  }

  async function readBody(incoming: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    if (text.length === 0) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }

  function send(response: ServerResponse, reply: Reply): void {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    const headers: Record<string, string> = {
      'x-github-media-type': 'github.v3; format=json',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': String(reset),
      'x-ratelimit-used': '1',
      'x-ratelimit-resource': 'core',
      ...reply.headers,
    };
    if (reply.status === 204 || reply.body === undefined) {
      response.writeHead(reply.status, headers);
      response.end();
      return;
    }
    const payload = JSON.stringify(reply.body, (key, value) =>
      // Fields kept only for tests to inspect are not part of GitHub's shapes.
      key === 'issue_number' || key === 'deployment_id' || key === 'auto_merge' || key === 'required_contexts'
        ? undefined
        : value,
    );
    response.writeHead(reply.status, {
      ...headers,
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(payload)),
    });
    response.end(payload);
  }

  const server = createServer((incoming, response) => {
    readBody(incoming)
      .then((body) => {
        const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(incoming.headers))
          if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
        const request: RecordedRequest = {
          method: (incoming.method ?? 'GET').toUpperCase(),
          path: decodeURIComponent(url.pathname).replace(/\/+$/, '') || '/',
          query: Object.fromEntries(url.searchParams),
          body,
          headers,
        };
        fake.requests.push(request);
        send(response, route(request));
      })
      .catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ message: `github fake: ${String(error)}` }));
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('github fake: no port');
  fake.url = `http://127.0.0.1:${address.port}`;

  return Object.assign(fake, {
    setWorkflowRun,
    setPull,
    seedComment: (issueNumber: number, body: string, login = 'octocat') =>
      makeComment(issueNumber, body, human(login)),
    seedIssue: (issue: { title: string; body?: string; labels?: string[]; state?: 'open' | 'closed' }) =>
      makeIssue(issue),
    failNext(match: FailureMatch, response: FailureResponse, times = 1) {
      failures.push({ match, response, remaining: times });
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  });
}
