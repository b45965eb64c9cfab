import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseGitHubOutputFile } from './github-output-file.js';

/** The files a runner gives a step: outputs, exported variables, the job summary, and its temp dir. */
export interface RunnerFiles {
  dir: string;
  env: Record<string, string>;
  outputs(): Record<string, string>;
  exported(): Record<string, string>;
  summary(): string;
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
    outputs: () => parseGitHubOutputFile(readFileSync(output, 'utf8')),
    exported: () => parseGitHubOutputFile(readFileSync(env, 'utf8')),
    summary: () => readFileSync(summary, 'utf8'),
  };
}
