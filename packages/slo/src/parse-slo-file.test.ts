import { fileURLToPath } from 'node:url';
import { ConfigurationError } from '@terrarium/core';
import { describe, expect, it } from 'vitest';
import { parseSloText, readSloFile } from './parse-slo-file.js';

const example = fileURLToPath(new URL('../../../examples/slo/llm-platform.slo.yaml', import.meta.url));

const head = 'apiVersion: terrarium.dev/v1alpha1\nkind: SLO\nmetadata:\n  name: t\nspec:\n  services:\n';

function errorOf(text: string): ConfigurationError {
  try {
    parseSloText(text, '/x/slo.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError');
}

describe('readSloFile', () => {
  it('reads the example file into targets as fractions', async () => {
    const spec = await readSloFile(example);
    expect(spec.name).toBe('llm-platform');
    expect(spec.timeWindowSeconds).toBe(30 * 86_400);
    expect(spec.regressionThresholdPercent).toBe(10);
    expect(spec.baselineReports).toBe(7);
    const chat = spec.services[0];
    expect(chat?.roleName).toBe('llm-chat');
    expect(chat?.failures).toBe('server-errors');
    expect(chat?.table).toBe('requests');
    expect(chat?.objectives.map((o) => [o.name, o.target])).toEqual([
      ['latency-p95', 0.95],
      ['latency-p99', 0.99],
      ['availability', 0.995],
      ['ttft-p95', 0.95],
      ['tokens-per-second-p10', 0.9],
    ]);
    expect(spec.services[1]?.objectives[1]?.target).toBeCloseTo(0.995, 10);
    expect(spec.services[1]?.roleName).toBe('llm-embeddings');
    expect(chat?.objectives[2]?.location).toEqual({ file: example, line: 37, column: 11 });
  });

  it('names a missing file and says what to check', async () => {
    await expect(readSloFile('/nope/slo.yaml')).rejects.toThrow(
      /\/nope\/slo\.yaml: cannot read the SLO file \(ENOENT\)/,
    );
  });
});

describe('parseSloText errors name file:line:column and what to change', () => {
  it.each([
    ['', /slo\.yaml:1:1: the SLO file is empty/],
    ['a: [1, 2\n', /slo\.yaml:\d+:\d+: the SLO file is not valid YAML/],
    [
      `${head}    - name: chat\n      objectives:\n        - name: p95\n          indicator: latency\n          threshold: 1200\n`,
      /slo\.yaml:9:11: add `percentile` to `spec.services.0.objectives.0`, e.g. `percentile: 95`/,
    ],
    [
      `${head}    - name: chat\n      objectives:\n        - name: p95\n          indicator: latancy\n`,
      /slo\.yaml:10:22: `spec.services.0.objectives.0.indicator` must be one of "latency", "availability"/,
    ],
    [
      `${head}    - name: chat\n      colour: red\n      objectives:\n        - name: up\n          indicator: availability\n          targetPercent: 99.5\n`,
      /slo\.yaml:8:7: remove or rename `colour`: it is not a known key here \(known: name, roleName, table, match, failures, objectives\)/,
    ],
    [
      `${head}    - name: chat\n      objectives:\n        - name: up\n          indicator: availability\n          target: 150\n`,
      /slo\.yaml:11:19: target 150 is not a fraction between 0 and 1 that leaves an error budget; write e\.g\. `target: 0\.995`/,
    ],
    [
      `${head}    - name: chat\n      objectives:\n        - name: up\n          indicator: availability\n          targetPercent: 99\n          threshold: 3\n`,
      /slo\.yaml:9:11: `spec.services.0.objectives.0`: availability objectives take only `target`/,
    ],
    [
      `${head}    - name: chat\n      objectives:\n        - name: Up Time\n          indicator: availability\n          targetPercent: 99\n`,
      /slo\.yaml:9:17: `spec.services.0.objectives.0.name` must be lowercase letters, digits and hyphens/,
    ],
    [
      `${head.replace('spec:\n', 'spec:\n  baselineReports: 0\n')}    - name: chat\n      objectives:\n        - name: up\n          indicator: availability\n          targetPercent: 99\n`,
      /slo\.yaml:6:20: `spec.baselineReports` must be >= 1/,
    ],
    [
      `${head.replace('spec:\n', 'spec:\n  timeWindow: 1 hour\n')}    - name: chat\n      objectives:\n        - name: up\n          indicator: availability\n          targetPercent: 99\n`,
      /slo\.yaml:6:15: `spec.timeWindow` must be a whole number and a unit/,
    ],
    [
      `${head}    - name: chat\n      objectives:\n        - name: up\n          indicator: availability\n          targetPercent: 99\n        - name: up\n          indicator: error-rate\n          threshold: 1\n`,
      /slo\.yaml:12:17: objective "up" appears twice in service "chat"/,
    ],
    [
      'apiVersion: v1\nkind: SLO\nmetadata:\n  name: t\nspec:\n  services: []\n',
      /slo\.yaml:1:13: `apiVersion` must be "terrarium.dev\/v1alpha1"[\s\S]*slo\.yaml:6:13: `spec.services` must NOT have fewer than 1 items/,
    ],
  ])('%#', (text, expected) => {
    expect(errorOf(text).message).toMatch(expected);
  });
});

describe('OpenSLO v1 targets: target is a fraction, targetPercent a percent', () => {
  const availability = (lines: string) =>
    `${head}    - name: chat\n      objectives:\n        - name: up\n          indicator: availability\n${lines}`;

  it.each([
    ['          target: 0.995\n', 0.995],
    ['          targetPercent: 99.5\n', 0.995],
    ['          target: 0.9\n', 0.9],
  ])('%j reads as %d', (lines, fraction) => {
    expect(parseSloText(availability(lines), '/x/slo.yaml').services[0]?.objectives[0]?.target).toBeCloseTo(
      fraction,
      12,
    );
  });

  it.each([
    // The mistake this rule exists for: a percent under `target` was once judged at 0.995%.
    [
      '          target: 99.5\n',
      "/x/slo.yaml:11:19: target 99.5 is a percent, but OpenSLO's `target` is a fraction: write `target: 0.995` or `targetPercent: 99.5`",
    ],
    [
      '          targetPercent: 0.995\n',
      '/x/slo.yaml:11:26: targetPercent 0.995 looks like a fraction; write `targetPercent: 99.5` or `target: 0.995`',
    ],
    [
      '          target: 0.99\n          targetPercent: 99\n',
      '/x/slo.yaml:12:26: give either `target: 0.99` (a fraction) or `targetPercent: 99` (a percent), not both',
    ],
    ['          target: 0\n', '/x/slo.yaml:11:19: target 0 is not a fraction between 0 and 1'],
    ['          target: 1\n', '/x/slo.yaml:11:19: target 1 is not a fraction between 0 and 1'],
    ['          target: -0.5\n', '/x/slo.yaml:11:19: target -0.5 is not a fraction between 0 and 1'],
    [
      '          targetPercent: 100\n',
      '/x/slo.yaml:11:26: targetPercent 100 is not a percent between 0 and 100',
    ],
    [
      '          targetPercent: 250\n',
      '/x/slo.yaml:11:26: targetPercent 250 is not a percent between 0 and 100',
    ],
    [
      '',
      '/x/slo.yaml:9:11: add `target: 0.995` (the fraction of requests that must succeed) or `targetPercent: 99.5` to `spec.services.0.objectives.0`',
    ],
  ])('%j is refused where it is written, saying what to write', (lines, message) => {
    expect(errorOf(availability(lines)).message).toContain(message);
  });

  it('refuses a target on a latency objective, which takes percentile and threshold', () => {
    const text = `${head}    - name: chat\n      objectives:\n        - name: p95\n          indicator: latency\n          percentile: 95\n          threshold: 100\n          targetPercent: 95\n`;
    expect(errorOf(text).message).toMatch(
      /latency objectives take `percentile` and `threshold`; remove `target`/,
    );
  });
});

describe('failures: what counts as a failed request', () => {
  it('defaults to server errors, is set for the file, and a service may override it', () => {
    const text = `${head.replace('spec:\n', 'spec:\n  failures: not-success\n')}    - name: a\n      objectives: [{ name: up, indicator: availability, target: 0.99 }]\n    - name: b\n      failures: server-errors\n      objectives: [{ name: up, indicator: availability, target: 0.99 }]\n`;
    const spec = parseSloText(text, '/x/slo.yaml');
    expect(spec.services.map((s) => s.failures)).toEqual(['not-success', 'server-errors']);
    const plain = parseSloText(
      `${head}    - name: a\n      objectives: [{ name: up, indicator: availability, target: 0.99 }]\n`,
      '/x/slo.yaml',
    );
    expect(plain.services[0]?.failures).toBe('server-errors');
  });

  it('refuses a value it does not know, where it is written', () => {
    const text = `${head.replace('spec:\n', 'spec:\n  failures: 4xx-and-5xx\n')}    - name: a\n      objectives: [{ name: up, indicator: availability, target: 0.99 }]\n`;
    expect(errorOf(text).message).toMatch(
      /slo\.yaml:6:13: `spec\.failures` must be one of "server-errors", "not-success"/,
    );
  });
});

describe('timeWindow', () => {
  const withWindow = (window: string) =>
    `${head.replace('spec:\n', `spec:\n  timeWindow: ${window}\n`)}    - name: chat\n      objectives:\n        - name: up\n          indicator: availability\n          targetPercent: 99\n`;

  it("takes core's duration grammar, several units included", () => {
    expect(parseSloText(withWindow('1h30m'), '/x/slo.yaml').timeWindowSeconds).toBe(5400);
    expect(parseSloText(withWindow('28d'), '/x/slo.yaml').timeWindowSeconds).toBe(28 * 86_400);
  });

  it('refuses a zero or an endless window where it stands in the file', () => {
    expect(errorOf(withWindow('0h0m')).message).toMatch(
      /slo\.yaml:6:15: `spec.timeWindow` must be a whole number/,
    );
    expect(errorOf(withWindow('600w')).message).toMatch(
      /slo\.yaml:6:15: `spec.timeWindow`: "600w" is longer than ten years/,
    );
  });
});
