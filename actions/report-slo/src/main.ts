import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { actionsLogger, mask, writeJobSummary } from '@terrarium/action-kit';
import { errorMessage, isConfigurationError } from '@terrarium/core';
import { createGitHubClient, syncIncidents, upsertStickyComment } from '@terrarium/github';
import { azureCredential } from '@terrarium/runtime';
import {
  createLogsQueryClient,
  evaluateSlo,
  readAppInsightsInput,
  readBaselineReport,
  readResults,
  readSloFile,
  renderSloMarkdown,
  type SliInput,
  type SloReport,
  type SloSpec,
} from '@terrarium/slo';
import { type ReportSloInputs, readInputs } from './inputs.js';
import { pullRequestNumber } from './read-pull-request.js';
import { expandResults } from './results-files.js';

async function readInput(inputs: ReportSloInputs, spec: SloSpec): Promise<SliInput> {
  if (inputs.format === 'app-insights') {
    const client = createLogsQueryClient(
      azureCredential('azure-cli', mask),
      inputs.logsEndpoint ? { endpoint: inputs.logsEndpoint } : {},
    );
    return readAppInsightsInput(client, spec, {
      workspaceId: inputs.workspaceId ?? '',
      timespan: inputs.timespan,
      logger: actionsLogger,
    });
  }
  return readResults(await expandResults(inputs.results), inputs.format, actionsLogger);
}

/** Issues and PR comments are reported, never allowed to hide the SLO verdict. */
async function tellGitHub(
  inputs: ReportSloInputs,
  report: SloReport,
  markdown: string,
  env: NodeJS.ProcessEnv,
) {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!inputs.githubToken || !owner || !repo) {
    core.info('No github-token or GITHUB_REPOSITORY: no PR comment or incident issues.');
    return;
  }
  const octokit = createGitHubClient({ token: inputs.githubToken, logger: actionsLogger });
  const pullRequest = pullRequestNumber(env);
  const runUrl = env.GITHUB_RUN_ID
    ? `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}`
    : undefined;
  try {
    if (pullRequest !== undefined) {
      await upsertStickyComment(octokit, {
        owner,
        repo,
        issueNumber: pullRequest,
        marker: `slo:${report.name}`,
        body: markdown,
        logger: actionsLogger,
        logUrl: runUrl,
      });
    } else if (inputs.incident) {
      const actions = await syncIncidents(octokit, { owner, repo, report, runUrl, logger: actionsLogger });
      if (actions.length === 0) core.info('Incident issues: nothing to open, comment on or close.');
    }
  } catch (error) {
    core.warning(`Could not update GitHub (${errorMessage(error)}); the SLO report itself is complete.`);
  }
}

async function reportSlo(inputs: ReportSloInputs, env: NodeJS.ProcessEnv): Promise<void> {
  const spec = await readSloFile(inputs.sloFile);
  const baseline = inputs.baseline ? await readBaselineReport(inputs.baseline) : undefined;
  const input = await readInput(inputs, spec);
  const report = await evaluateSlo(spec, input, { baseline, baselineOrigin: inputs.baseline });

  const dir = await mkdtemp(join(env.RUNNER_TEMP ?? tmpdir(), 'terrarium-slo-'));
  const reportFile = join(dir, 'report.json');
  await writeFile(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  const markdown = renderSloMarkdown(report);
  // Outside a runner (a local try-out) there is no summary file; the log and report.json have it all.
  if (env.GITHUB_STEP_SUMMARY) await writeJobSummary(env, markdown);
  else core.info(markdown);

  core.setOutput('status', report.status);
  core.setOutput(
    'budget-remaining',
    report.budgetRemaining === undefined ? '' : String(report.budgetRemaining),
  );
  core.setOutput('worst-objective', report.worstObjective ?? '');
  core.setOutput('report-json', reportFile);

  await tellGitHub(inputs, report, markdown, env);

  const breached = report.objectives.filter((o) => o.status !== 'met');
  if (breached.length > 0) {
    const list = breached.map(
      (o) => `${o.service}/${o.objective} (${o.status === 'no-data' ? 'no data' : o.description})`,
    );
    const message = `SLO ${report.name}: ${breached.length} objective(s) not met: ${list.join(', ')}`;
    if (inputs.failOnBreach) core.setFailed(message);
    else core.warning(message);
  } else {
    core.info(`SLO ${report.name}: all ${report.objectives.length} objectives met.`);
  }
}

/** The action's entry: reads the inputs, reports the SLOs, and ends every failure in setFailed. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    const token = core.getInput('github-token').trim();
    mask(token);
    await reportSlo(readInputs(env), env);
  } catch (error) {
    if (isConfigurationError(error)) {
      core.setFailed(error.message);
      return;
    }
    core.setFailed(errorMessage(error));
    core.debug(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
}
