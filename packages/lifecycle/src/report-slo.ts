import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '@terrarium/core';
import {
  evaluateSlo,
  expandResults,
  type FileFormat,
  readAppInsightsInput,
  readBaselineReport,
  readResults,
  readSloFile,
  renderSloMarkdown,
  type SliInput,
  type SloReport,
  type SloSpec,
} from '@terrarium/slo';
import type { Verdict } from './failure.js';
import type { SloReportDeps } from './ports.js';

export interface SloReportRequest {
  /** Absolute path of the SLO file. */
  sloFile: string;
  /** Results files or file-name globs (`results/*.csv`); empty when the data is Application Insights'. */
  results: string[];
  format: FileFormat | 'auto';
  /** Judge the requests in a Log Analytics workspace instead of results files. */
  appInsights?: { workspaceId: string; timespan: string; endpoint?: string | undefined } | undefined;
  /** A previous run's report.json, to flag regressions against. */
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
}

export interface SloReportResult {
  report: SloReport;
  /** The full report in Markdown: the job summary and the pull request comment. */
  markdown: string;
  reportFile: string | undefined;
  verdict: Verdict;
}

/**
 * Judges load-test results or Application Insights data against an SLO file: read the spec, the
 * baseline and the data, evaluate, write report.json, tell GitHub, and say whether it was met.
 * The action and the CLI's `slo report` both run it.
 */
export async function reportSlo(deps: SloReportDeps, request: SloReportRequest): Promise<SloReportResult> {
  const spec = await readSloFile(request.sloFile);
  const baseline = request.baseline ? await readBaselineReport(request.baseline) : undefined;
  const input = await readInput(deps, request, spec);
  const report = await evaluateSlo(spec, input, {
    baseline,
    baselineOrigin: request.baselineOrigin ?? request.baseline,
  });
  const markdown = renderSloMarkdown(report);
  let reportFile: string | undefined;
  if (request.reportDir) {
    reportFile = join(await mkdtemp(join(request.reportDir, 'terrarium-slo-')), 'report.json');
    await writeFile(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  }
  if (request.github) await tellGitHub(deps, request.github, report, markdown);
  return { report, markdown, reportFile, verdict: verdictOf(report, request.failOnBreach === true) };
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
      const touched = await github.syncIncidents(report, options.runUrl);
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
