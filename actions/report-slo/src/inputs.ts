import { existsSync } from 'node:fs';
import { booleanInput, optionalInput, pathInput, workspacePath } from '@terrarium/action-kit';
import { ConfigurationError } from '@terrarium/core';
import { FILE_FORMATS, type FileFormat, parseLogsEndpoint } from '@terrarium/slo';

export type ResultsFormat = FileFormat | 'auto' | 'app-insights';

/** Everything the action was asked to do, read and checked once. */
export interface ReportSloInputs {
  /** Absolute path of the SLO file. */
  sloFile: string;
  /** Absolute paths or globs; empty for app-insights. */
  results: string[];
  format: ResultsFormat;
  workspaceId: string | undefined;
  /** The Log Analytics query API to ask (a sovereign cloud's); undefined for the public cloud. */
  logsEndpoint: string | undefined;
  timespan: string;
  /** Absolute path of the baseline report, when given. */
  baseline: string | undefined;
  failOnBreach: boolean;
  incident: boolean;
  githubToken: string | undefined;
  /**
   * Keep the report in the state account and judge it by the kept ones (`keep`): as `history`
   * says, else on for schedule events. On only by that default, a missing catalog turns it off
   * (`no-catalog`, with a warning) rather than failing a nightly job that never asked for it.
   */
  history: 'keep' | 'off' | 'no-catalog';
  /** Absolute path of the catalog, whose state account keeps the history. */
  configFile: string;
}

const FORMATS: readonly ResultsFormat[] = ['auto', ...FILE_FORMATS, 'app-insights'];

/** Paths in inputs are relative to the workspace, as the rest of a workflow's paths are. */
export function readInputs(env: NodeJS.ProcessEnv = process.env): ReportSloInputs {
  const sloFile = optionalInput('slo-file');
  if (sloFile === undefined) {
    throw new ConfigurationError(
      'input "slo-file" is required: give the path of the SLO file, e.g. slo/llm-platform.slo.yaml',
    );
  }
  const format = (optionalInput('format') ?? 'auto') as ResultsFormat;
  if (!FORMATS.includes(format)) {
    throw new ConfigurationError(`input "format" is "${format}"; use one of ${FORMATS.join(', ')}`);
  }
  const results = (optionalInput('results') ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((path) => workspacePath(env, path));
  const workspaceId = optionalInput('app-insights-workspace-id');
  if (format === 'app-insights' && workspaceId === undefined) {
    throw new ConfigurationError(
      'input "app-insights-workspace-id" is required with format app-insights: give the Log Analytics workspace id',
    );
  }
  if (format !== 'app-insights' && results.length === 0) {
    throw new ConfigurationError(
      'input "results" is required: give the load-test results file or a glob such as results/*.csv',
    );
  }
  const configFile = pathInput('config', env, 'environments.yaml');
  const endpoint = optionalInput('app-insights-endpoint');
  const logsEndpoint = endpoint && parseLogsEndpoint(endpoint, 'input "app-insights-endpoint"');
  return {
    sloFile: workspacePath(env, sloFile),
    results,
    format,
    workspaceId,
    logsEndpoint,
    timespan: optionalInput('timespan') ?? 'PT1H',
    baseline: pathInput('baseline', env),
    failOnBreach: booleanInput('fail-on-breach', true),
    incident: booleanInput('incident', true),
    githubToken: optionalInput('github-token'),
    history: historyInput(configFile, env),
    configFile,
  };
}

function historyInput(configFile: string, env: NodeJS.ProcessEnv): ReportSloInputs['history'] {
  const asked = optionalInput('history') !== undefined;
  // A nightly job is what history is for; a pull request's run would only crowd it.
  if (!booleanInput('history', env.GITHUB_EVENT_NAME === 'schedule')) return 'off';
  return asked || existsSync(configFile) ? 'keep' : 'no-catalog';
}
