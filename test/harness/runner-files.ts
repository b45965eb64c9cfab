import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The files a runner gives a step: outputs, exported variables, the job summary, and its temp dir. */
export interface RunnerFiles {
  dir: string;
  env: Record<string, string>;
  outputs(): Record<string, string>;
  exported(): Record<string, string>;
  summary(): string;
}

/** `name<<delimiter\nvalue\ndelimiter` blocks, as @actions/core writes GITHUB_OUTPUT and GITHUB_ENV. */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '');
    if (!match) continue;
    const [, name, delimiter] = match as unknown as [string, string, string];
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '');
    values[name] = value.join('\n');
  }
  return values;
}

export function createRunnerFiles(): RunnerFiles {
  const dir = mkdtempSync(join(tmpdir(), 'terrarium-runner-'));
  const file = (name: string) => {
    const path = join(dir, name);
    writeFileSync(path, '');
    return path;
  };
  const output = file('output');
  const env = file('env');
  const summary = file('summary.md');
  const temp = mkdtempSync(join(dir, 'temp-'));
  const workspace = mkdtempSync(join(dir, 'workspace-'));
  return {
    dir,
    env: {
      GITHUB_OUTPUT: output,
      GITHUB_ENV: env,
      GITHUB_STEP_SUMMARY: summary,
      RUNNER_TEMP: temp,
      GITHUB_WORKSPACE: workspace,
      GITHUB_ACTIONS: 'true',
    },
    outputs: () => parseFileCommands(readFileSync(output, 'utf8')),
    exported: () => parseFileCommands(readFileSync(env, 'utf8')),
    summary: () => readFileSync(summary, 'utf8'),
  };
}
