import { resolve } from 'node:path';
import { ConfigurationError } from '@terrarium/core';
import { reportSlo, type SloReportDeps, type SloReportRequest } from '@terrarium/lifecycle';
import { wireRun } from '@terrarium/runtime';
import { FILE_FORMATS, type FileFormat, parseLogsEndpoint, type SloReport } from '@terrarium/slo';
import type { Command, CommandContext, ParsedCommand } from '../command.js';
import { writeJson } from '../output.js';
import { booleanOption, stringOption } from '../parse-command-line.js';
import { renderTable } from '../render-table.js';

function formatOption(value: string | undefined): FileFormat | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  const known = FILE_FORMATS.find((format) => format === value);
  if (!known) {
    throw new ConfigurationError(
      `--format "${value}" is not a results format; use auto, ${FILE_FORMATS.join(', ')}`,
    );
  }
  return known;
}

function actualCell(value: number | undefined, unit: string): string {
  if (value === undefined) return '-';
  return `${Number(value.toFixed(unit === '%' ? 3 : 1))}${unit === '%' ? '%' : ` ${unit}`}`;
}

function objectivesTable(report: SloReport): string {
  return renderTable(
    ['SERVICE', 'OBJECTIVE', 'WANTED', 'ACTUAL', 'STATUS', 'BUDGET LEFT'],
    report.objectives.map((objective) => [
      objective.service,
      objective.objective,
      objective.description,
      actualCell(objective.actual, objective.unit),
      objective.status,
      objective.budget ? `${(objective.budget.remainingFraction * 100).toFixed(1)}%` : '-',
    ]),
  );
}

/** Results files, or with --app-insights the workspace's requests; one or the other, never both. */
function inputSource(
  parsed: ParsedCommand,
  results: string[],
): Pick<SloReportRequest, 'results' | 'appInsights'> {
  const workspaceId = stringOption(parsed, 'app-insights');
  if (workspaceId === undefined) {
    const stray = ['timespan', 'logs-endpoint'].filter((name) => stringOption(parsed, name) !== undefined);
    if (stray.length > 0) {
      throw new ConfigurationError(
        `${stray.map((name) => `--${name}`).join(' and ')} ${stray.length > 1 ? 'only go' : 'only goes'} with --app-insights <workspace-id>; results files cover their own time`,
      );
    }
    if (results.length === 0) {
      throw new ConfigurationError(
        'slo report needs results files after the SLO file, or --app-insights <workspace-id> to judge Application Insights data',
      );
    }
    return { results, appInsights: undefined };
  }
  if (results.length > 0) {
    throw new ConfigurationError(
      'slo report takes results files or --app-insights, not both: drop one of them',
    );
  }
  const endpoint = stringOption(parsed, 'logs-endpoint');
  return {
    results: [],
    appInsights: {
      workspaceId,
      timespan: stringOption(parsed, 'timespan') ?? 'PT1H',
      endpoint: endpoint && parseLogsEndpoint(endpoint, '--logs-endpoint'),
    },
  };
}

export const sloReportCommand: Command = {
  name: 'slo report',
  summary:
    'Judge load-test results or Application Insights data against an SLO file; exits 1 when an objective is breached.',
  arguments: '<slo-file> [results...]',
  positionals: { required: 1, rest: true },
  options: {
    format: {
      type: 'string',
      valueName: 'format',
      description: `results format: auto (default), ${FILE_FORMATS.join(', ')}`,
    },
    baseline: {
      type: 'string',
      valueName: 'report.json',
      description: "a previous run's report (--json output) to flag regressions against",
    },
    markdown: { type: 'boolean', description: 'print the full Markdown report instead of the table' },
    'app-insights': {
      type: 'string',
      valueName: 'workspace-id',
      description:
        'judge the requests in this Log Analytics workspace instead of results files (az login first)',
    },
    timespan: {
      type: 'string',
      valueName: 'duration',
      description: 'with --app-insights: how far back, ISO 8601 (default PT1H)',
    },
    'logs-endpoint': {
      type: 'string',
      valueName: 'url',
      description: "with --app-insights: a sovereign cloud's query API, e.g. https://api.loganalytics.us/v1",
    },
    history: {
      type: 'boolean',
      description:
        "keep the report in the catalog's state account, judge it against the median of the kept ones (without --baseline) and add the trend",
    },
    at: {
      type: 'string',
      valueName: 'time',
      description:
        'with --history: when the results were measured, ISO 8601 (default now), to keep older results',
    },
  },
  async run(context, parsed) {
    const [sloFile = '', ...results] = parsed.positionals.map((path) => resolve(context.cwd, path));
    const format = formatOption(stringOption(parsed, 'format'));
    const baselineFile = stringOption(parsed, 'baseline');
    const { deps, history } = await historyWiring(context, parsed);
    const { report, markdown } = await reportSlo(deps, {
      sloFile,
      format,
      ...inputSource(parsed, results),
      baseline: baselineFile && resolve(context.cwd, baselineFile),
      baselineOrigin: baselineFile,
      history,
    });
    if (context.json) writeJson(context, report);
    else if (booleanOption(parsed, 'markdown')) context.terminal.out(`${markdown}\n`);
    else {
      context.terminal.out(objectivesTable(report));
      const regressed = report.regressions.filter((regression) => regression.regressed);
      for (const regression of regressed) {
        context.terminal.out(
          `regression: ${regression.service} ${regression.metric} ${regression.baseline} -> ${regression.current}\n`,
        );
      }
      context.terminal.out(`\n${report.name}: ${report.status}\n`);
    }
    return report.status === 'met' ? 0 : 1;
  },
};

/**
 * Without --history, no catalog and no storage: the report is judged from the files alone. With
 * it, the catalog's state account, and the run from GITHUB_RUN_ID (`local` on a laptop).
 */
async function historyWiring(
  context: CommandContext,
  parsed: ParsedCommand,
): Promise<{ deps: SloReportDeps; history: SloReportRequest['history'] }> {
  const at = stringOption(parsed, 'at');
  if (!booleanOption(parsed, 'history')) {
    if (at !== undefined)
      throw new ConfigurationError('--at only goes with --history: it dates the kept report');
    return { deps: { logger: context.logger, logsQuery: context.azure.logsQuery }, history: undefined };
  }
  const measuredAt = at === undefined ? undefined : parseTime(at);
  const { deps, runner } = await wireRun({
    catalog: await context.catalog(),
    env: context.env,
    logger: context.logger,
    mask: (secret) => context.redactor.add(secret),
    logsQuery: context.azure.logsQuery,
  });
  return {
    deps: measuredAt ? { ...deps, clock: { now: () => measuredAt, sleep: async () => undefined } } : deps,
    history: { runId: runner.run?.id ?? 'local', runUrl: runner.run?.url },
  };
}

function parseTime(text: string): Date {
  const time = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(text)
    ? new Date(text)
    : undefined;
  if (!time || Number.isNaN(time.getTime())) {
    throw new ConfigurationError(
      `--at "${text}" is not a time; write it as ISO 8601, e.g. 2026-11-29T02:17:00Z or 2026-11-29`,
    );
  }
  return time;
}
