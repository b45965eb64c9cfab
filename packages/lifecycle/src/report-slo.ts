import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '@terrarium/core';
import {
  evaluateSlo,
  expandResults,
  type FileFormat,
  historyEntries,
  medianBaseline,
  readAppInsightsInput,
  readBaselineReport,
  readResults,
  readSloFile,
  renderObjectiveTrend,
  renderSloMarkdown,
  renderSloTrend,
  type SliInput,
  type SloHistoryEntry,
  type SloReport,
  type SloSpec,
} from '@terrarium/slo';
import type { Verdict } from './failure.js';
import { type SloHistoryPort, type SloReportDeps, systemClock } from './ports.js';

/** Nights the trend shows, tonight's included: two weeks of a nightly job. */
export const TREND_NIGHTS = 14;

export interface SloReportRequest {
  /** Absolute path of the SLO file. */
  sloFile: string;
  /** Results files or file-name globs (`results/*.csv`); empty when the data is Application Insights'. */
  results: string[];
  format: FileFormat | 'auto';
  /** Judge the requests in a Log Analytics workspace instead of results files. */
  appInsights?: { workspaceId: string; timespan: string; endpoint?: string | undefined } | undefined;
  /** A previous run's report.json, to flag regressions against (else, with history, the kept reports' median). */
  baseline?: string | undefined;
  /** How the report names the baseline (the path as the user gave it); the path itself by default. */
  baselineOrigin?: string | undefined;
  /** Writes report.json into a new folder here (the runner's temp folder) when given. */
  reportDir?: string | undefined;
  /**
   * Tell GitHub: the sticky comment on the pull request, or else (with `incidents`) an incident
   * issue per breached objective. Left out, GitHub is not asked at all.
   */
  github?: { pullRequest: number | undefined; incidents: boolean; runUrl: string | undefined } | undefined;
  /** A breach fails the step (its verdict is `failed`) rather than warning. */
  failOnBreach?: boolean | undefined;
  /**
   * Keep this report in the state account (deps.history) under the run that measured it, judge it
   * against the median of the kept ones when no baseline file is given, and show the trend.
   */
  history?: { runId: string; runUrl?: string | undefined } | undefined;
}

export interface SloReportResult {
  report: SloReport;
  /** The full report in Markdown: the job summary and the pull request comment. */
  markdown: string;
  reportFile: string | undefined;
  verdict: Verdict;
  /** Where the report was kept (one blob per service); empty without history or when keeping failed. */
  kept: string[];
}

/**
 * Judges load-test results or Application Insights data against an SLO file: read the spec, the
 * baseline and the data, evaluate, write report.json, tell GitHub, and say whether it was met.
 * The action and the CLI's `slo report` both run it.
 */
export async function reportSlo(deps: SloReportDeps, request: SloReportRequest): Promise<SloReportResult> {
  const spec = await readSloFile(request.sloFile);
  const baselineFile = request.baseline ? await readBaselineReport(request.baseline) : undefined;
  const input = await readInput(deps, request, spec);
  const history = request.history ? historyPort(deps) : undefined;
  const past = history ? await readKept(deps, history, spec) : new Map<string, SloHistoryEntry[]>();
  const median = baselineFile ? undefined : medianBaseline(past, spec.baselineReports);
  const report = await evaluateSlo(spec, input, {
    baseline: baselineFile ?? median,
    baselineOrigin: baselineFile ? (request.baselineOrigin ?? request.baseline) : median?.origin,
    now: (deps.clock ?? systemClock).now(),
  });
  let kept: string[] = [];
  let trend: Map<string, SloHistoryEntry[]> | undefined;
  if (history && request.history) {
    const tonight = historyEntries(report, spec, { id: request.history.runId, url: request.history.runUrl });
    kept = await keep(deps, history, tonight);
    trend = new Map(
      tonight.map((entry) => [
        entry.service,
        [entry, ...(past.get(entry.service) ?? [])].slice(0, TREND_NIGHTS),
      ]),
    );
  }
  const trendMarkdown = trend ? renderSloTrend(trend) : '';
  const markdown = `${renderSloMarkdown(report)}${trendMarkdown ? `\n${trendMarkdown}` : ''}`;
  let reportFile: string | undefined;
  if (request.reportDir) {
    reportFile = join(await mkdtemp(join(request.reportDir, 'terrarium-slo-')), 'report.json');
    await writeFile(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  }
  if (request.github)
    await tellGitHub(deps, request.github, report, markdown, objectiveTrends(report, trend));
  return { report, markdown, reportFile, verdict: verdictOf(report, request.failOnBreach === true), kept };
}

function historyPort(deps: SloReportDeps): SloHistoryPort {
  if (!deps.history) throw new Error('SLO history needs the state account, and none was wired');
  return deps.history;
}

/**
 * The kept reports of every service of the spec, newest first: enough for the baseline and the
 * trend. History only looks back, so a storage failure is told and the report goes on without it.
 */
async function readKept(
  deps: SloReportDeps,
  history: SloHistoryPort,
  spec: SloSpec,
): Promise<Map<string, SloHistoryEntry[]>> {
  const count = Math.max(spec.baselineReports, TREND_NIGHTS - 1);
  const past = new Map<string, SloHistoryEntry[]>();
  try {
    for (const service of spec.services) {
      past.set(service.name, await history.recent(spec.name, service.name, count));
    }
  } catch (error) {
    deps.logger.warning(
      `Could not read the kept SLO reports (${errorMessage(error)}); no automatic baseline or trend this time.`,
    );
    return new Map();
  }
  const found = [...past.values()].reduce((sum, entries) => sum + entries.length, 0);
  deps.logger.info(`SLO history: ${found} kept report(s) of ${spec.name} read (${past.size} service(s)).`);
  return past;
}

/** Keeps tonight's entries; a failure is told, never allowed to hide the SLO verdict. */
async function keep(
  deps: SloReportDeps,
  history: SloHistoryPort,
  entries: SloHistoryEntry[],
): Promise<string[]> {
  const kept: string[] = [];
  try {
    for (const entry of entries) kept.push(await history.keep(entry));
    deps.logger.info(`SLO history: kept ${kept.length} report(s) in the state account: ${kept.join(', ')}`);
  } catch (error) {
    deps.logger.warning(
      `Could not keep the SLO report in the state account (${errorMessage(error)}); the report itself is complete.`,
    );
  }
  return kept;
}

/** Each objective's last nights in Markdown, by `service/objective`, for its incident issue. */
function objectiveTrends(
  report: SloReport,
  trend: Map<string, SloHistoryEntry[]> | undefined,
): Record<string, string> | undefined {
  if (!trend) return undefined;
  const trends: Record<string, string> = {};
  for (const o of report.objectives) {
    const markdown = renderObjectiveTrend(trend.get(o.service) ?? [], o.objective);
    if (markdown) trends[`${o.service}/${o.objective}`] = markdown;
  }
  return trends;
}

async function readInput(deps: SloReportDeps, request: SloReportRequest, spec: SloSpec): Promise<SliInput> {
  const { appInsights } = request;
  if (!appInsights) return readResults(await expandResults(request.results), request.format, deps.logger);
  if (!deps.logsQuery) {
    throw new Error('Application Insights data needs a Log Analytics client, and none was wired');
  }
  return readAppInsightsInput(deps.logsQuery(appInsights.endpoint), spec, {
    workspaceId: appInsights.workspaceId,
    timespan: appInsights.timespan,
    logger: deps.logger,
  });
}

/** Issues and PR comments are reported, never allowed to hide the SLO verdict. */
async function tellGitHub(
  deps: SloReportDeps,
  options: NonNullable<SloReportRequest['github']>,
  report: SloReport,
  markdown: string,
  trends: Record<string, string> | undefined,
): Promise<void> {
  const { github, logger } = deps;
  if (!github) {
    logger.info('No github-token or GITHUB_REPOSITORY: no PR comment or incident issues.');
    return;
  }
  try {
    if (options.pullRequest !== undefined) {
      await github.sloComment(options.pullRequest, report.name, markdown, options.runUrl);
    } else if (options.incidents) {
      const touched = await github.syncIncidents(report, options.runUrl, trends);
      if (touched === 0) logger.info('Incident issues: nothing to open, comment on or close.');
    }
  } catch (error) {
    logger.warning(`Could not update GitHub (${errorMessage(error)}); the SLO report itself is complete.`);
  }
}

function verdictOf(report: SloReport, failOnBreach: boolean): Verdict {
  const breached = report.objectives.filter((o) => o.status !== 'met');
  if (breached.length === 0) {
    return { level: 'info', message: `SLO ${report.name}: all ${report.objectives.length} objectives met.` };
  }
  const list = breached.map(
    (o) => `${o.service}/${o.objective} (${o.status === 'no-data' ? 'no data' : o.description})`,
  );
  return {
    level: failOnBreach ? 'failed' : 'warning',
    message: `SLO ${report.name}: ${breached.length} objective(s) not met: ${list.join(', ')}`,
  };
}
