import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitHyphenName, HYPHEN_NAME } from './azure-names.js';
import { parseCatalog } from './catalog-parse.js';
import { ConfigurationError } from './errors.js';
import { resolveTarget } from './resolve-target.js';
import { isValidTagName, isValidTagValue, safeText } from './tag-values.js';
import type { Target } from './target-types.js';

const RUNS = { numRuns: 10_000 };
const now = new Date('2026-11-22T00:00:00Z');
const catalogFor = (layout: string, container: string) =>
  parseCatalog(
    `version: 1
backend: {storage-account: terrariumdemo, container: ${container}, ephemeral-layout: ${layout}}
terraform: {root-module: infra}
environments:
  dev: {kind: long-lived}
  prod: {kind: long-lived}
  feat: {kind: ephemeral, ttl: 72h}
  a-very-long-env-name: {kind: ephemeral, ttl: 6h}
`,
    'environments.yaml',
  );
// The longest container name the schema allows makes every per-environment container truncate.
const catalogs = [
  catalogFor('shared-container', 'tfstate'),
  catalogFor('container-per-environment', 'tfstate'),
  catalogFor('container-per-environment', `s${'-x'.repeat(31)}`),
];

/** Strings that try every trick a branch name or an instance could: unicode, slashes, dots, controls, length. */
const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc
    .array(
      fc.constantFrom(
        'a',
        'Z',
        '9',
        '-',
        '--',
        '/',
        '.',
        '..',
        '../',
        '\\',
        ' ',
        '\n',
        '\u0000',
        'é',
        '😀',
        '$(',
        ')',
        '<',
        '&',
        '%',
        '?',
        '\u202e',
        '\ud800',
      ),
      {
        maxLength: 300,
      },
    )
    .map((parts) => parts.join('')),
  fc.constantFrom('', '..', '../prod', '$(rm -rf /)', 'prod', 'dev', 'x'.repeat(300)),
);

/** Instances that follow the rules: lowercase letters and digits in hyphen-separated words, at most 40 long. */
const validInstance = fc
  .array(fc.stringMatching(/^[a-z0-9]{1,12}$/), { minLength: 1, maxLength: 6 })
  .map((words) => words.join('-'))
  .filter((instance) => instance.length <= 40 && instance !== 'dev' && instance !== 'prod');

const environment = fc.constantFrom('feat', 'a-very-long-env-name');
const catalog = fc.constantFrom(...catalogs);

// Independent of tag-values.ts, so a mistake there cannot hide itself: control, bidi and invisible
// characters, the characters Azure refuses in tags, and lone surrogates.
function forbiddenInValue(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  const within = (low: number, high: number) => code >= low && code <= high;
  return (
    code < 0x20 ||
    within(0x7f, 0x9f) ||
    within(0x200b, 0x200f) ||
    within(0x202a, 0x202e) ||
    within(0x2066, 0x2069) ||
    within(0xd800, 0xdfff) || // a lone surrogate: iterating by code point leaves pairs whole
    '<>%&\\?\u2028\u2029\ufeff'.includes(char)
  );
}

const safeValue = (value: string) =>
  value.length <= 256 && ![...value].some(forbiddenInValue) && isValidTagValue(value);

/** Every derived name checked against the rules of where it goes; plain checks, as expect() is slow at 10,000 runs. */
function invalidNames(target: Target): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const { stateContainer, slug, resourceGroup, stateKey } = target;
  check(
    HYPHEN_NAME.test(stateContainer) && stateContainer.length >= 3 && stateContainer.length <= 63,
    `container ${stateContainer}`,
  );
  check(HYPHEN_NAME.test(slug) && slug.length <= 40, `slug ${slug}`);
  check(/^[-\w._()]{1,89}[-\w_()]$/.test(resourceGroup), `resource group ${resourceGroup}`);
  check(
    stateKey.length <= 1024 &&
      /^[a-z][a-z0-9-]*\/(?:[a-z0-9]+(?:-[a-z0-9]+)*\/)?terraform\.tfstate$/.test(stateKey),
    `state key ${stateKey}`,
  );
  for (const [name, value] of Object.entries(target.tags)) {
    check(
      isValidTagName(name) && !/[<>%&\\?/]/.test(name) && safeValue(value),
      `tag ${name}=${JSON.stringify(value)}`,
    );
  }
  for (const [name, value] of Object.entries(target.variables)) {
    if (typeof value === 'string') check(safeValue(value), `variable ${name}=${JSON.stringify(value)}`);
  }
  return problems;
}

function expectValidNames(target: Target): void {
  const problems = invalidNames(target);
  if (problems.length > 0) expect(problems).toEqual([]);
}

describe('naming properties', () => {
  it('any instance is either refused with a ConfigurationError or yields valid names under its own prefix', () => {
    fc.assert(
      fc.property(catalog, environment, fc.oneof(hostileText, validInstance), (cat, env, instance) => {
        let target: Target;
        try {
          target = resolveTarget(cat, { environment: env, instance, now });
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigurationError);
          return;
        }
        expect(target.instance).toBe(instance);
        expect(target.stateKey).toBe(`${env}/${instance}/terraform.tfstate`);
        expectValidNames(target);
      }),
      RUNS,
    );
  });

  it('every valid instance yields valid names, the same ones every time', () => {
    fc.assert(
      fc.property(catalog, environment, validInstance, hostileText, (cat, env, instance, branch) => {
        const request = { environment: env, instance, event: { branch, pullRequest: 1 }, now };
        const target = resolveTarget(cat, request);
        expectValidNames(target);
        expect(JSON.stringify(resolveTarget(cat, request)) === JSON.stringify(target)).toBe(true);
      }),
      RUNS,
    );
  });

  it('different instances never share a container, slug, env id or state key, even after truncation', () => {
    fc.assert(
      fc.property(catalog, environment, validInstance, validInstance, (cat, env, a, b) => {
        fc.pre(a !== b);
        const first = resolveTarget(cat, { environment: env, instance: a, now });
        const second = resolveTarget(cat, { environment: env, instance: b, now });
        expect(second.envId).not.toBe(first.envId);
        expect(second.stateKey).not.toBe(first.stateKey);
        expect(second.slug).not.toBe(first.slug);
        if (cat.backend.ephemeralLayout === 'container-per-environment') {
          expect(second.stateContainer).not.toBe(first.stateContainer);
        }
      }),
      RUNS,
    );
  });

  it('branch names reach tags and the branch variable only sanitised, and stay distinct', () => {
    fc.assert(
      fc.property(hostileText, hostileText, (a, b) => {
        const first = resolveTarget(catalogs[0] as (typeof catalogs)[0], {
          environment: 'feat',
          instance: 'x',
          event: { branch: a },
          now,
        });
        expect(first.envId).toBe('feat-x');
        if (a === '') {
          expect(first.branch).toBeUndefined();
          return;
        }
        expect(safeValue(first.tags['terrarium-branch'] ?? '')).toBe(true);
        expect(first.variables.branch).toBe(first.tags['terrarium-branch']);
        if (b !== '' && a !== b) expect(safeText(b)).not.toBe(first.branch);
      }),
      RUNS,
    );
  });

  it('fitHyphenName turns any text into a valid name, injectively', () => {
    fc.assert(
      fc.property(hostileText, hostileText, fc.integer({ min: 8, max: 90 }), (a, b, max) => {
        const name = fitHyphenName(a, max, 3);
        expect(name).toMatch(HYPHEN_NAME);
        expect(name.length).toBeGreaterThanOrEqual(3);
        expect(name.length).toBeLessThanOrEqual(max);
        expect(fitHyphenName(a, max, 3)).toBe(name);
        if (a !== b) expect(fitHyphenName(b, max, 3)).not.toBe(name);
      }),
      RUNS,
    );
  });
});
