import { afterEach, describe, expect, it, vi } from 'vitest';
import { readInputs } from './inputs.js';

function withInputs(inputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(inputs)) vi.stubEnv(`INPUT_${name.toUpperCase()}`, value);
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('readInputs', () => {
  it('resolves paths against the workspace and applies the defaults', () => {
    withInputs({
      'slo-file': 'slo/llm.slo.yaml',
      results: 'out/a.csv\n  /abs/b-*.csv  \n',
      'github-token': 'ghs_x',
    });
    expect(readInputs({ GITHUB_WORKSPACE: '/work' })).toEqual({
      sloFile: '/work/slo/llm.slo.yaml',
      results: ['/work/out/a.csv', '/abs/b-*.csv'],
      format: 'auto',
      workspaceId: undefined,
      logsEndpoint: undefined,
      timespan: 'PT1H',
      baseline: undefined,
      failOnBreach: true,
      incident: true,
      githubToken: 'ghs_x',
    });
  });

  it('takes app-insights without results', () => {
    withInputs({
      'slo-file': 's.yaml',
      format: 'app-insights',
      'app-insights-workspace-id': 'abc',
      'app-insights-endpoint': 'https://api.loganalytics.us/v1',
      timespan: 'P1D',
      baseline: 'base.json',
      'fail-on-breach': 'false',
      incident: 'FALSE',
    });
    expect(readInputs({ GITHUB_WORKSPACE: '/w' })).toMatchObject({
      format: 'app-insights',
      results: [],
      workspaceId: 'abc',
      logsEndpoint: 'https://api.loganalytics.us/v1',
      timespan: 'P1D',
      baseline: '/w/base.json',
      failOnBreach: false,
      incident: false,
    });
  });

  it.each([
    [{}, 'input "slo-file" is required'],
    [{ 'slo-file': 's.yaml' }, 'input "results" is required'],
    [
      { 'slo-file': 's.yaml', results: 'r', format: 'locust' },
      'input "format" is "locust"; use one of auto, k6, jmeter, autocannon, jsonl, csv, app-insights',
    ],
    [
      { 'slo-file': 's.yaml', format: 'app-insights' },
      'input "app-insights-workspace-id" is required with format app-insights',
    ],
    [
      {
        'slo-file': 's.yaml',
        format: 'app-insights',
        'app-insights-workspace-id': 'w',
        'app-insights-endpoint': 'http://logs',
      },
      'input "app-insights-endpoint" is "http://logs"; give the query API\'s https URL with its version',
    ],
    [
      { 'slo-file': 's.yaml', results: 'r', incident: 'yes' },
      'input "incident" must be true or false, not "yes"',
    ],
  ])('refuses %o', (inputs, message) => {
    withInputs(inputs);
    expect(() => readInputs({})).toThrow(message);
  });
});
