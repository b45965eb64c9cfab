import { runAction } from '@terrarium/action-kit';
import { reportSlo } from '@terrarium/lifecycle';
import { readInputs } from './inputs.js';

/** The action's entry: inputs, one SLO report, outputs and summary; every failure ends the step. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runAction('report-slo', env, {
    inputs: readInputs,
    // Log Analytics with the runner's az login: the action takes no Azure credential of its own.
    // The catalog (for the state account's history) only when history is kept.
    wiring: (inputs) => ({
      githubToken: inputs.githubToken,
      logsQuery: 'azure-cli' as const,
      catalog: inputs.history === 'keep' ? inputs.configFile : undefined,
    }),
    async run(inputs, { runner, deps }) {
      if (inputs.history === 'no-catalog') {
        deps.logger.warning(
          `SLO history is on for schedule events, but there is no catalog at ${inputs.configFile} to say which state account keeps it; set the \`config\` input, or \`history: false\` to keep none.`,
        );
      }
      const appInsights = inputs.format === 'app-insights';
      const { report, markdown, reportFile, verdict } = await reportSlo(deps, {
        sloFile: inputs.sloFile,
        results: appInsights ? [] : inputs.results,
        format: inputs.format === 'app-insights' ? 'auto' : inputs.format,
        appInsights: appInsights
          ? {
              workspaceId: inputs.workspaceId ?? '',
              timespan: inputs.timespan,
              endpoint: inputs.logsEndpoint,
            }
          : undefined,
        baseline: inputs.baseline,
        reportDir: runner.runnerTemp,
        github: {
          pullRequest: runner.event.pullRequest,
          incidents: inputs.incident,
          runUrl: runner.run?.url,
        },
        failOnBreach: inputs.failOnBreach,
        history: deps.history ? { runId: runner.run?.id ?? 'local', runUrl: runner.run?.url } : undefined,
      });
      return {
        outputs: {
          status: report.status,
          'budget-remaining': report.budgetRemaining === undefined ? '' : String(report.budgetRemaining),
          'worst-objective': report.worstObjective ?? '',
          'report-json': reportFile ?? '',
        },
        summary: markdown,
        // Outside a runner (a local try-out) there is no summary file; the log and report.json have it all.
        summaryInLog: true,
        verdict,
      };
    },
  });
}
