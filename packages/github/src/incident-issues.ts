import type { Logger } from '@terrarium/core';
import type { Octokit } from './github-client.js';
import { markdownTable } from './markdown.js';

export const INCIDENT_LABEL = 'slo-breach';

/** What syncIncidents needs of an SLO report (a @terrarium/slo SloReport fits it). */
export interface IncidentReport {
  name: string;
  generatedAt: string;
  objectives: readonly {
    service: string;
    objective: string;
    description: string;
    status: 'met' | 'breached' | 'no-data';
    actual: number | undefined;
    unit: string;
    budget?: { remainingFraction: number } | undefined;
  }[];
}

export type IncidentObjective = IncidentReport['objectives'][number];

export interface SyncIncidentsOptions {
  owner: string;
  repo: string;
  report: IncidentReport;
  /** Link to the run that measured it, written in every issue and comment. */
  runUrl?: string | undefined;
  /** Each objective's last nights (a chart and a table, in Markdown), by `service/objective`. */
  trends?: Readonly<Record<string, string>> | undefined;
  logger: Logger;
}

export interface IncidentAction {
  service: string;
  objective: string;
  action: 'opened' | 'commented' | 'closed';
  issueNumber: number;
  url: string;
}

/** The hidden line an incident issue is found again by. Names come from the validated SLO file. */
export function incidentMarker(service: string, objective: string): string {
  const key = `${service}/${objective}`;
  if (!/^[A-Za-z0-9._-]+\/[a-z0-9-]+$/.test(key) || key.includes('--')) {
    throw new Error(`incident marker ${JSON.stringify(key)} must be letters, digits and . _ - (no "--")`);
  }
  return `<!-- terrarium-slo:${key} -->`;
}

export function formatActual(objective: IncidentObjective): string {
  if (objective.actual === undefined) return 'n/a';
  const value = Math.round(objective.actual * 1000) / 1000;
  return objective.unit === '%' ? `${value}%` : `${value} ${objective.unit}`;
}

function budgetText(objective: IncidentObjective): string {
  if (!objective.budget) return 'n/a';
  return `${Math.round(objective.budget.remainingFraction * 1000) / 10}%`;
}

function measurement(
  objective: IncidentObjective,
  report: IncidentReport,
  runUrl: string | undefined,
): string {
  return markdownTable(
    ['Objective', 'Actual', 'Budget left', 'Measured', 'Run'],
    [
      [
        objective.description,
        formatActual(objective),
        budgetText(objective),
        report.generatedAt,
        runUrl ? `[run](${runUrl})` : 'n/a',
      ],
    ],
  );
}

export function incidentTitle(objective: IncidentObjective): string {
  return `SLO breach: ${objective.service} ${objective.objective} (${objective.description})`;
}

export function incidentBody(
  objective: IncidentObjective,
  report: IncidentReport,
  runUrl: string | undefined,
  trend?: string | undefined,
): string {
  return [
    incidentMarker(objective.service, objective.objective),
    `The **${objective.objective}** objective of **${objective.service}** (SLO set \`${report.name}\`) is breached.`,
    '',
    measurement(objective, report, runUrl),
    '',
    ...(trend ? [trend.trimEnd(), ''] : []),
    'Terrarium comments here on every run that measures it, and closes this issue when the objective is met again.',
  ].join('\n');
}

/** A comment's text: what happened, the night's measurement, and the trend when there is one. */
function commentBody(
  lead: string,
  objective: IncidentObjective,
  report: IncidentReport,
  runUrl: string | undefined,
  trend: string | undefined,
): string {
  return [lead, '', measurement(objective, report, runUrl), ...(trend ? ['', trend.trimEnd()] : [])].join(
    '\n',
  );
}

/**
 * Opens one issue per breached service and objective (label `slo-breach`), comments on the open
 * one when it is still breached, and comments and closes it once the objective is met again.
 * Objectives without data leave their issue as it is.
 */
export async function syncIncidents(
  octokit: Octokit,
  options: SyncIncidentsOptions,
): Promise<IncidentAction[]> {
  const { owner, repo, report, runUrl, trends, logger } = options;
  const open = await octokit.paginate(octokit.rest.issues.listForRepo, {
    owner,
    repo,
    state: 'open',
    labels: INCIDENT_LABEL,
    per_page: 100,
  });
  const byMarker = new Map<string, (typeof open)[number]>();
  for (const issue of open) {
    if (issue.pull_request) continue;
    const found = /<!-- terrarium-slo:([^ ]+) -->/.exec(issue.body ?? '');
    if (found && !byMarker.has(found[0])) byMarker.set(found[0], issue);
  }
  let labelReady = false;
  const actions: IncidentAction[] = [];
  for (const objective of report.objectives) {
    if (objective.status === 'no-data') continue;
    const marker = incidentMarker(objective.service, objective.objective);
    const existing = byMarker.get(marker);
    const name = `${objective.service}/${objective.objective}`;
    const trend = trends?.[name];
    if (objective.status === 'breached') {
      if (existing) {
        await octokit.rest.issues.createComment({
          owner,
          repo,
          issue_number: existing.number,
          body: commentBody('Still breached.', objective, report, runUrl, trend),
        });
        logger.info(`SLO ${name} still breached: commented on #${existing.number}.`);
        actions.push({
          service: objective.service,
          objective: objective.objective,
          action: 'commented',
          issueNumber: existing.number,
          url: existing.html_url,
        });
        continue;
      }
      if (!labelReady) {
        await ensureLabel(octokit, owner, repo);
        labelReady = true;
      }
      const { data } = await octokit.rest.issues.create({
        owner,
        repo,
        title: incidentTitle(objective),
        body: incidentBody(objective, report, runUrl, trend),
        labels: [INCIDENT_LABEL],
      });
      logger.warning(`SLO ${name} breached: opened #${data.number} ${data.html_url}`);
      actions.push({
        service: objective.service,
        objective: objective.objective,
        action: 'opened',
        issueNumber: data.number,
        url: data.html_url,
      });
    } else if (existing) {
      await octokit.rest.issues.createComment({
        owner,
        repo,
        issue_number: existing.number,
        body: commentBody('Met again; closing.', objective, report, runUrl, trend),
      });
      await octokit.rest.issues.update({
        owner,
        repo,
        issue_number: existing.number,
        state: 'closed',
        state_reason: 'completed',
      });
      logger.info(`SLO ${name} met again: closed #${existing.number}.`);
      actions.push({
        service: objective.service,
        objective: objective.objective,
        action: 'closed',
        issueNumber: existing.number,
        url: existing.html_url,
      });
    }
  }
  return actions;
}

/** Creates the label the first time; GitHub answers 422 `already_exists` afterwards. */
async function ensureLabel(octokit: Octokit, owner: string, repo: string): Promise<void> {
  try {
    await octokit.rest.issues.getLabel({ owner, repo, name: INCIDENT_LABEL });
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error;
    await octokit.rest.issues.createLabel({
      owner,
      repo,
      name: INCIDENT_LABEL,
      color: 'b60205',
      description: 'A service level objective is breached (opened by Terrarium)',
    });
  }
}
