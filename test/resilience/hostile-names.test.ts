import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigurationError,
  eventContextFromGitHub,
  HYPHEN_NAME,
  isValidTagName,
  isValidTagValue,
  parseCatalog,
  resolveTarget,
} from '@terrarium/core';
import { recordingLogger } from '@terrarium/core/testing';
import { renderEnvironmentComment } from '@terrarium/github';
import { failureReasonOf, provisionEnvironment } from '@terrarium/lifecycle';
import { backendConfigFor, renderBackendConfig } from '@terrarium/state';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogYaml } from '../harness/catalog.js';
import { type GitHubFake, startGitHubFake } from '../harness/github-fake.js';
import { uniqueContainer } from '../harness/target-factory.js';
import { pullRequestPayload } from '../harness/webhook-payloads.js';
import {
  type ResilienceBed,
  readRecordBlob,
  readState,
  realDeps,
  snapshotContainer,
  startResilienceBed,
  writeCatalog,
} from './resilience-bed.js';

/** A file that exists only if some hostile text reached a shell. */
const canary = join(tmpdir(), `terrarium-pwned-${randomUUID()}`);

const shellAttacks = [
  `$(touch ${canary})`,
  `\`touch ${canary}\``,
  `x; touch ${canary}`,
  `x && touch ${canary} #`,
  `x | touch ${canary}`,
  `x\ntouch ${canary}`,
  `"; touch ${canary}; echo "`,
  `'; touch ${canary}; echo '`,
  `\${jndi:ldap://x}$\{IFS}; rm -rf / --no-preserve-root`,
  `<!-- terrarium:env/feat-pr-1 --> <script>alert(1)</script> @everyone #1`,
  `feature/${'ü'.repeat(300)}😀\u202e\u0000`,
  // An HCL template: terraform would evaluate it if it ever reached a .tf or backend file unescaped.
  `%{ for x in ["a"] }${'$'}{x}%{ endfor }`,
];

const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom(...shellAttacks),
  fc
    .array(
      fc.constantFrom(
        '$(',
        ')',
        '`',
        ';',
        '&&',
        '|',
        '\n',
        '${',
        '%{',
        '}',
        '..',
        '/',
        '"',
        "'",
        '\\',
        'rm -rf /',
        ' ',
        'a',
        '<!--',
        '-->',
      ),
      { maxLength: 60 },
    )
    .map((parts) => parts.join('')),
);

const catalogText = catalogYaml({
  container: 'tfstate',
  rootModule: 'infra',
  environments: { dev: { kind: 'long-lived' }, feat: { kind: 'ephemeral', ttl: '72h' } },
});

describe('hostile branch names and pull request titles', () => {
  const catalog = parseCatalog(catalogText, join(tmpdir(), 'environments.yaml'));
  let tried = 0;

  it('always give valid names, keys, tags, backend settings and comments (10,000 runs through the naming code)', () => {
    fc.assert(
      fc.property(
        hostileText,
        hostileText,
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        (branch, title, number) => {
          tried++;
          const payload = pullRequestPayload('opened', { number, headRef: branch, title });
          const event = eventContextFromGitHub({ eventName: 'pull_request', payload, env: {} });
          const target = resolveTarget(catalog, {
            environment: 'feat',
            event,
            now: new Date('2026-11-22T00:00:00Z'),
          });
          // The branch never shapes a key, an id or a name: only the PR number does.
          expect(target.stateKey).toBe(`feat/pr-${number}/terraform.tfstate`);
          expect(target.envId).toBe(`feat-pr-${number}`);
          expect(target.slug).toMatch(HYPHEN_NAME);
          expect(target.resourceGroup.length).toBeLessThanOrEqual(90);
          for (const [name, value] of Object.entries(target.tags)) {
            expect(isValidTagName(name)).toBe(true);
            expect(isValidTagValue(value)).toBe(true);
          }
          // The backend settings file terraform reads holds no template or line break from the branch.
          const hcl = renderBackendConfig(
            backendConfigFor(
              target,
              { accountName: 'terrariumtest', useAzureAdAuth: false },
              catalog.backend,
            ),
          );
          expect(hcl.split('\n')).toHaveLength(4);
          // The variables file is JSON, which terraform never evaluates as a template.
          expect(JSON.parse(JSON.stringify(target.variables))).toEqual(target.variables);
          // The comment shows the branch, but never as markup that could forge another environment's marker.
          const body = renderEnvironmentComment({
            envId: target.envId,
            status: 'failed',
            branch: target.branch,
            message: title,
            failureReason: 'apply-failed',
          });
          expect(body).not.toContain('<!--');
          expect(body).not.toContain('<script');
        },
      ),
      { numRuns: 10_000 },
    );
    expect(tried).toBeGreaterThanOrEqual(10_000);
    expect(existsSync(canary)).toBe(false);
  });

  it('refuse an explicit instance that could climb out of its prefix or reach a shell, naming what to change', () => {
    for (const instance of [
      '../prod',
      'pr-1/../../dev',
      '$(touch x)',
      'pr-1; rm -rf /',
      'PR-1',
      '',
      'a'.repeat(41),
      'dev',
    ]) {
      const attempt = () => resolveTarget(catalog, { environment: 'feat', instance });
      expect(attempt).toThrow(ConfigurationError);
      expect(attempt).toThrow(/instance/);
    }
  });
});

describe('hostile names through a real provision', () => {
  let bed: ResilienceBed;
  let github: GitHubFake;
  beforeAll(async () => {
    [bed, github] = await Promise.all([startResilienceBed(), startGitHubFake()]);
  });
  afterAll(async () => {
    await Promise.all([bed?.stop(), github?.stop()]);
  });

  it('provisions with shell metacharacters in the branch and title, never runs them, and keeps them as data', async () => {
    const container = uniqueContainer('hostile');
    const catalog = writeCatalog(bed.accountName, container);
    const deps = realDeps(bed, catalog, { logger: recordingLogger(), github });
    const attacks = shellAttacks.slice(0, 8);
    const results = await Promise.all(
      attacks.map((branch, index) => {
        const number = 300 + index;
        github.setPull(number, { state: 'open', headRef: branch, title: branch });
        const payload = pullRequestPayload('opened', { number, headRef: branch, title: branch });
        const event = eventContextFromGitHub({
          eventName: 'pull_request',
          payload,
          env: { GITHUB_RUN_ID: String(9000 + index) },
        });
        return provisionEnvironment(deps, {
          catalog,
          environment: 'feat',
          event,
          lockTimeoutMs: 10_000,
          run: { id: String(9000 + index) },
        });
      }),
    );
    expect(existsSync(canary)).toBe(false);
    const service = bed.directService();
    for (const [index, result] of results.entries()) {
      expect(result.outcome).toBe('applied');
      const state = await readState(service, result.target);
      const app = state?.resources.find((resource) => resource.name === 'app_service')?.instances[0] as {
        attributes: { input: { value: { branch: string } } };
      };
      // What terraform stored is the (sanitised) text itself, not the result of running it.
      expect(app.attributes.input.value.branch).toBe(result.target.branch);
      expect(result.target.branch?.length).toBeGreaterThan(0);
      expect(await readRecordBlob(service, container, result.target)).toMatchObject({ status: 'ready' });
      const comments = github.comments.filter((comment) => comment.issue_number === 300 + index);
      expect(comments).toHaveLength(1);
      expect(comments[0]?.body.match(/<!--/g)).toHaveLength(1);
    }
  });

  it('rejects invalid `vars` JSON with a clear message and changes nothing in storage', async () => {
    const container = uniqueContainer('vars');
    const catalog = writeCatalog(bed.accountName, container);
    const deps = realDeps(bed, catalog, { logger: recordingLogger() });
    const service = bed.directService();
    await service.getContainerClient(container).create();
    await provisionEnvironment(deps, {
      catalog,
      environment: 'feat',
      instance: 'pr-1',
      lockTimeoutMs: 5_000,
      run: { id: '1' },
    });
    const before = await snapshotContainer(service, container);
    const cases: [string, RegExp][] = [
      ['{"app_sku": "B2"', /not valid JSON at line 1, column \d+/],
      ['{"app_sku": "B2",}', /not valid JSON/],
      ['[1, 2]', /must be a JSON object.*an array/],
      ['null', /must be a JSON object.*null/],
      ['"B2"', /must be a JSON object.*a string/],
      ['{"environment_id": "prod"}', /"environment_id".*remove it/],
      ['{"tags": {"terrarium-env-id": "prod"}}', /"tags".*remove it/],
      ['{"scaling": 3}', /"scaling" must be an object/],
      [`{"a": "${'x'.repeat(2_000_000)}"`, /not valid JSON/],
      ['{\n  "app_sku": B2\n}', /line 2, column \d+/],
    ];
    for (const [vars, message] of cases) {
      const error = await provisionEnvironment(deps, {
        catalog,
        environment: 'feat',
        instance: 'pr-1',
        vars,
        lockTimeoutMs: 5_000,
        run: { id: '2' },
      }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(failureReasonOf(error)).toBe('config-error');
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message.length).toBeLessThan(600);
    }
    expect(await snapshotContainer(service, container)).toEqual(before);
  });
});
