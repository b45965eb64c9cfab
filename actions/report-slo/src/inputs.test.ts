import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
      history: 'off',
      configFile: '/work/environments.yaml',
    });
  });

  it('names k6 --out json as a format', () => {
    withInputs({ 'slo-file': 's.yaml', results: 'k6.json', format: 'k6-json' });
    expect(readInputs({ GITHUB_WORKSPACE: '/w' }).format).toBe('k6-json');
  });

  it('keeps history on schedule events by default, and only where a catalog says which account', () => {
    const workspace = mkdtempSync(join(tmpdir(), 'report-slo-inputs-'));
    const schedule = { GITHUB_WORKSPACE: workspace, GITHUB_EVENT_NAME: 'schedule' };
    withInputs({ 'slo-file': 's.yaml', results: 'r.csv' });
    // On only by default, no catalog turns it off (with a warning) rather than failing the night.
    expect(readInputs(schedule).history).toBe('no-catalog');
    writeFileSync(join(workspace, 'environments.yaml'), 'version: 1\n');
    expect(readInputs(schedule)).toMatchObject({
      history: 'keep',
      configFile: join(workspace, 'environments.yaml'),
    });
    expect(readInputs({ ...schedule, GITHUB_EVENT_NAME: 'pull_request' }).history).toBe('off');
    withInputs({ history: 'false' });
    expect(readInputs(schedule).history).toBe('off');
    // Asked for, it is kept whatever the event; a missing catalog is then the wiring's error.
    withInputs({ history: 'true', config: 'ops/catalog.yaml' });
    expect(readInputs({ GITHUB_WORKSPACE: workspace, GITHUB_EVENT_NAME: 'push' })).toMatchObject({
      history: 'keep',
      configFile: join(workspace, 'ops/catalog.yaml'),
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
      'input "format" is "locust"; use one of auto, k6, k6-json, jmeter, autocannon, jsonl, csv, app-insights',
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
    [
      { 'slo-file': 's.yaml', results: 'r', history: 'nightly' },
      'input "history" must be true or false, not "nightly"',
    ],
  ])('refuses %o', (inputs, message) => {
    withInputs(inputs);
    expect(() => readInputs({})).toThrow(message);
  });
});
