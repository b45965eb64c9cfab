import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ConfigurationError, isConfigurationError, loadCatalog } from '@terrarium/core';
import { recordingLogger } from '@terrarium/core/testing';
import { type FileFormat, readResults, readSloFile } from '@terrarium/slo';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'terrarium-hostile-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let written = 0;
function file(name: string, content: string | Buffer): string {
  const path = join(dir, `${++written}-${name}`);
  writeFileSync(path, content);
  return path;
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = (name: string) => readFileSync(join(root, 'packages/slo/testing/fixtures', name), 'utf8');
const sloExample = readFileSync(join(root, 'examples/slo/llm-platform.slo.yaml'), 'utf8');

const goodCatalog = `version: 1
backend:
  storage-account: terrariumtest
terraform:
  root-module: infra
environments:
  dev:
    kind: long-lived
  feat:
    kind: ephemeral
    ttl: 72h
`;

/** Runs `attempt`; it must end in a ConfigurationError (a user's mistake, said plainly), never a crash or a hang. */
async function mistake(attempt: () => Promise<unknown>): Promise<ConfigurationError> {
  const error = await attempt().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isConfigurationError(error))
    throw new Error(
      `expected a ConfigurationError, got ${error === undefined ? 'success' : String((error as Error).stack ?? error)}`,
    );
  // Short enough to read in a log (a few located problems at most), and without a stack.
  expect(error.message.length).toBeLessThan(2_000);
  expect(error.message).not.toMatch(/\n\s+at /);
  return error;
}

describe('malformed and hostile catalogs', () => {
  const cases: [string, string | Buffer, RegExp][] = [
    ['empty', '', /empty/],
    ['only a comment', '# nothing here\n', /empty/],
    ['truncated mid-key', goodCatalog.slice(0, goodCatalog.indexOf('kind: eph') + 4), /:\d+:\d+/],
    ['a list', '- version: 1\n', /top level must be a mapping/],
    ['wrong type for version', goodCatalog.replace('version: 1', 'version: "one"'), /version/],
    ['wrong type for ttl', goodCatalog.replace('ttl: 72h', 'ttl: [1, 2]'), /ttl/],
    ['wrong kind', goodCatalog.replace('kind: long-lived', 'kind: forever'), /kind/],
    ['unknown key', goodCatalog.replace('  dev:\n', '  dev:\n    sefety: basic\n'), /sefety/],
    ['unknown top-level key', `${goodCatalog}extra: true\n`, /extra/],
    ['duplicate key', goodCatalog.replace('  feat:\n', '  dev:\n    kind: long-lived\n  feat:\n'), /twice/],
    ['tabs', goodCatalog.replace('  dev:', '\tdev:'), /:\d+/],
    [
      'billion laughs',
      `a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
${goodCatalog}`,
      /alias/,
    ],
    ['alias before anchor', `${goodCatalog}x: *nowhere\n`, /alias|anchor/],
    ['deep nesting', `${goodCatalog}x: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`, /nest|deep|:\d+/],
    ['10 MB', `${goodCatalog}# ${'x'.repeat(10 * 1024 * 1024)}\n`, /1 MiB/],
    ['binary garbage', Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 7919) % 256)), /./],
    ['a JSON document of the wrong shape', '{"version": 1, "backend": []}', /backend/],
    ['multiple documents', `${goodCatalog}---\n${goodCatalog}`, /more than one YAML document/],
    [
      'instance-like environment name',
      goodCatalog.replace('  feat:', '  "feat/../../prod":'),
      /feat\/\.\.\/\.\.\/prod|name/,
    ],
    ['a custom tag', `${goodCatalog}x: !!js/function "function(){}"\n`, /./],
  ];

  for (const [name, content, message] of cases) {
    it(`refuses ${name} with a message that says where and what`, async () => {
      const path = file('environments.yaml', content);
      const error = await mistake(() => loadCatalog(path));
      expect(error.message).toMatch(message);
      expect(error.message).toContain(path);
    });
  }

  it('still reads anchors used the way people use them', async () => {
    const path = file(
      'environments.yaml',
      goodCatalog.replace(
        '  dev:\n    kind: long-lived\n',
        '  dev: &base\n    kind: long-lived\n  test: *base\n',
      ),
    );
    const catalog = await loadCatalog(path);
    expect(catalog.environments.map((env) => env.name)).toEqual(['dev', 'test', 'feat']);
  });

  it('names a missing catalog file instead of crashing', async () => {
    const error = await mistake(() => loadCatalog(join(dir, 'missing', 'environments.yaml')));
    expect(error.message).toMatch(/missing/);
  });
});

describe('SLO files and result files that are truncated, empty or in the wrong format', () => {
  const sloCases: [string, string, RegExp][] = [
    ['empty', '', /empty|SLO/i],
    ['truncated', sloExample.slice(0, Math.floor(sloExample.length * 0.6)), /./],
    ['a k6 summary', fixture('k6-summary.json'), /apiVersion|kind|SLO/],
    ['a JMeter CSV', fixture('jmeter-results.csv'), /./],
    ['wrong threshold type', sloExample.replace('threshold: 1200', 'threshold: fast'), /threshold/],
    ['percentile out of range', sloExample.replace('percentile: 95', 'percentile: 150'), /percentile/],
  ];
  for (const [name, content, message] of sloCases) {
    it(`refuses an SLO file that is ${name}`, async () => {
      const error = await mistake(() => readSloFile(file('service.slo.yaml', content)));
      expect(error.message).toMatch(message);
    });
  }

  const k6 = fixture('k6-summary.json');
  const jmeter = fixture('jmeter-results.csv');
  const jsonl = fixture('requests.jsonl');
  const resultCases: [string, string, FileFormat | 'auto'][] = [
    ['an empty k6 summary', '', 'k6'],
    ['a truncated k6 summary', k6.slice(0, Math.floor(k6.length / 2)), 'k6'],
    ['a JMeter CSV read as k6', jmeter, 'k6'],
    ['a k6 summary read as JMeter', k6, 'jmeter'],
    [
      'a JMeter CSV cut mid-row',
      jmeter.slice(0, jmeter.indexOf('\n', jmeter.indexOf('\n') + 1) + 20),
      'jmeter',
    ],
    ['a JSONL file cut mid-line', jsonl.slice(0, Math.floor(jsonl.length / 2)), 'jsonl'],
    ['an empty file, format detected', '', 'auto'],
    ['binary garbage, format detected', '\u0000\u0001\u0002garbage\u00ff', 'auto'],
    ['an autocannon file that is k6', k6, 'autocannon'],
  ];
  for (const [name, content, format] of resultCases) {
    it(`refuses ${name}`, async () => {
      const path = file('results', content);
      const error = await mistake(async () => {
        const input = await readResults([path], format, recordingLogger());
        if (input.kind === 'samples') for await (const _sample of input.samples);
        else if (input.aggregates.length === 0) throw new Error('no aggregates and no error');
      });
      expect(error.message).toContain(path);
    });
  }
});
