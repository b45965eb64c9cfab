// The rules every workflow example must keep, as one function over a workflow's text, so the test
// can run them on the examples and on small hostile workflows that each rule must reject.
import { parse } from 'yaml';

export interface Step {
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
export interface Job {
  uses?: string;
  steps?: Step[];
  permissions?: Permissions;
  environment?: string | { name?: string };
  env?: Record<string, unknown>;
  concurrency?: unknown;
}
export type Permissions = string | Record<string, string>;
export interface Workflow {
  on: string | string[] | Record<string, unknown>;
  permissions?: Permissions;
  env?: Record<string, unknown>;
  concurrency?: unknown;
  jobs: Record<string, Job>;
}

/** Where users put Terrarium itself: a placeholder they replace (README: pin it to a commit SHA). */
export const OWN_ACTION = /^your-org\/terrarium\/actions\/([a-z-]+)@\S+$/;
const SHA_PINNED = /^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/;
const TAG_COMMENT = /^v\d+(\.\d+){0,2}$/;
/** The actions that heal stale leases, which asks GitHub's Actions API whether a run finished. */
const HEALING_ACTIONS = new Set(['provision-env', 'teardown-env']);

export function triggers(workflow: Workflow): string[] {
  if (typeof workflow.on === 'string') return [workflow.on];
  if (Array.isArray(workflow.on)) return workflow.on;
  return Object.keys(workflow.on ?? {});
}

export function environmentOf(job: Job): string | undefined {
  return typeof job.environment === 'string' ? job.environment : job.environment?.name;
}

/** One of our actions a step uses (`provision-env`), or undefined. */
export function ownAction(step: Step): string | undefined {
  return step.uses ? OWN_ACTION.exec(step.uses)?.[1] : undefined;
}

/** The permission a job's token has for one scope: its own block, else the workflow's. */
export function permission(workflow: Workflow, job: Job, scope: string): 'none' | 'read' | 'write' {
  const granted = job.permissions ?? workflow.permissions;
  // No block at all: the repository's default, which may be write-all. Treated as write.
  if (granted === undefined || granted === 'write-all') return 'write';
  if (granted === 'read-all') return scope === 'id-token' ? 'none' : 'read';
  if (typeof granted === 'string') return 'none';
  const level = granted[scope];
  return level === 'write' || level === 'read' ? level : 'none';
}

function envSets(env: Record<string, unknown> | undefined, name: string): boolean {
  return env !== undefined && env[name] !== undefined && String(env[name]) !== '';
}

/**
 * Whether a job signs in to Azure: azure/login, or the variables with which the actions and
 * terraform use the job's OIDC token themselves (ARM_USE_OIDC, AZURE_CLIENT_ID).
 */
export function logsIn(workflow: Workflow, job: Job): boolean {
  const steps = job.steps ?? [];
  if (steps.some((step) => /^azure\/login@/i.test(step.uses ?? ''))) return true;
  const envs = [workflow.env, job.env, ...steps.map((step) => step.env)];
  return envs.some(
    (env) =>
      (envSets(env, 'ARM_USE_OIDC') && String(env?.ARM_USE_OIDC) === 'true') ||
      envSets(env, 'AZURE_CLIENT_ID'),
  );
}

function withValue(step: Step, key: string): string | undefined {
  const value = step.with?.[key];
  return value === undefined ? undefined : String(value);
}

/** Which write scopes a job really uses, from the actions it runs and how. */
function writesUsed(workflow: Workflow, job: Job): Set<string> {
  const used = new Set<string>();
  const onPullRequest = triggers(workflow).includes('pull_request');
  for (const step of job.steps ?? []) {
    const action = ownAction(step);
    if (action === 'provision-env') {
      if (withValue(step, 'deployment') !== 'false' && withValue(step, 'plan-only') !== 'true')
        used.add('deployments');
      if (onPullRequest && withValue(step, 'comment') !== 'false') used.add('pull-requests');
    }
    if (action === 'teardown-env') {
      used.add('deployments');
      // A PR's own teardown updates its comment; a sweep reads PRs and updates swept PRs' comments.
      if (onPullRequest || withValue(step, 'mode') === 'sweep') used.add('pull-requests');
    }
    if (action === 'report-slo') {
      if (onPullRequest) used.add('pull-requests');
      else if (withValue(step, 'incident') !== 'false') used.add('issues');
    }
  }
  return used;
}

/**
 * Whether a report-slo step keeps SLO history in the state account: as its `history` input says
 * (an expression may be true), else on for schedule events.
 */
function keepsHistory(workflow: Workflow, step: Step): boolean {
  const history = withValue(step, 'history');
  if (history === undefined) return triggers(workflow).includes('schedule');
  return history !== 'false';
}

/** `uses:` lines with the comment after them, as written (the parsed YAML drops comments). */
function usesLines(text: string): { line: number; ref: string; comment: string | undefined }[] {
  const found: { line: number; ref: string; comment: string | undefined }[] = [];
  text.split('\n').forEach((raw, index) => {
    const match = /^\s*(?:-\s+)?uses:\s*(["']?)([^\s"'#]+)\1\s*(?:#\s*(.*?))?\s*$/.exec(raw);
    if (match) found.push({ line: index + 1, ref: match[2] as string, comment: match[3] });
  });
  return found;
}

/** Every broken rule, as `file:line` or `file job <name>` plus what is wrong; empty when none is. */
export function violations(name: string, text: string, ownActions: readonly string[]): string[] {
  const problems: string[] = [];
  const workflow = parse(text) as Workflow;
  const on = triggers(workflow);

  for (const { line, ref, comment } of usesLines(text)) {
    const where = `${name}:${line}: ${ref}`;
    if (ref.startsWith('./')) continue;
    const own = OWN_ACTION.exec(ref);
    if (own) {
      if (!ownActions.includes(own[1] as string)) problems.push(`${where} names no Terrarium action`);
      continue;
    }
    if (ref.startsWith('docker://')) {
      if (!/@sha256:[0-9a-f]{64}$/.test(ref)) problems.push(`${where} is not pinned to an image digest`);
      continue;
    }
    if (!SHA_PINNED.test(ref)) problems.push(`${where} is not pinned to a full commit SHA`);
    else if (!comment || !TAG_COMMENT.test(comment)) problems.push(`${where} has no "# vX.Y.Z" tag comment`);
  }

  if (on.includes('pull_request_target')) problems.push(`${name}: uses pull_request_target`);

  const top = workflow.permissions;
  if (top === undefined)
    problems.push(`${name}: no workflow-level permissions (the default may be write-all)`);
  else if (typeof top === 'string') {
    if (top !== 'read-all') problems.push(`${name}: workflow-level permissions ${top}`);
  } else {
    for (const [scope, level] of Object.entries(top)) {
      if (level === 'write')
        problems.push(`${name}: workflow-level ${scope}: write (grant it to the jobs that use it)`);
    }
  }

  for (const [jobName, job] of Object.entries(workflow.jobs)) {
    const where = `${name} job ${jobName}`;
    const environment = environmentOf(job);
    if (environment !== undefined && on.includes('pull_request')) {
      problems.push(
        `${where}: environment "${environment}" on a pull_request job (its OIDC subject becomes environment:${environment})`,
      );
    }
    if (job.permissions === 'write-all') problems.push(`${where}: permissions write-all`);

    const actions = (job.steps ?? []).map(ownAction).filter((action) => action !== undefined);
    if (
      actions.some((action) => HEALING_ACTIONS.has(action)) &&
      permission(workflow, job, 'actions') === 'none'
    ) {
      problems.push(
        `${where}: runs ${actions.join(', ')} without actions: read (stale-lease healing needs it)`,
      );
    }

    const idToken = permission(workflow, job, 'id-token') === 'write';
    const signsIn = logsIn(workflow, job);
    if (signsIn && !idToken) problems.push(`${where}: signs in to Azure without id-token: write`);
    if (idToken && !signsIn) problems.push(`${where}: id-token: write but never signs in to Azure`);

    const keepsSloHistory = (job.steps ?? []).some(
      (step) => ownAction(step) === 'report-slo' && keepsHistory(workflow, step),
    );
    if (keepsSloHistory && !signsIn) {
      problems.push(
        `${where}: report-slo keeps SLO history without signing in to Azure (the state account keeps it)`,
      );
    }

    const used = writesUsed(workflow, job);
    for (const scope of ['pull-requests', 'deployments', 'issues']) {
      if (permission(workflow, job, scope) === 'write' && !used.has(scope)) {
        problems.push(`${where}: ${scope}: write that no step uses`);
      }
    }
  }
  return problems;
}
