import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateDefault, readActionMetadata } from './action-metadata.js';
import { parseGitHubOutputFile } from './github-output-file.js';
import { writeEventFile } from './webhook-payloads.js';
import { type ActionLog, readWorkflowCommands } from './workflow-commands.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The files and folders a runner gives a step, and what the step wrote into them. */
export interface RunnerFiles {
  /** Everything below is in here: a test can look at all a step left behind. */
  dir: string;
  /** GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STEP_SUMMARY, GITHUB_PATH, GITHUB_STATE, RUNNER_TEMP, TMPDIR, GITHUB_WORKSPACE. */
  env: Record<string, string>;
  outputs(): Record<string, string>;
  /** What the step exported for later steps (GITHUB_ENV). */
  exported(): Record<string, string>;
  summary(): string;
}

function createRunnerFiles(parent: string, label: string, workspace: string | undefined): RunnerFiles {
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, `terrarium-runner-${label}-`));
  const file = (name: string) => {
    const path = join(dir, name);
    writeFileSync(path, '');
    return path;
  };
  const folder = (name: string) => {
    const path = join(dir, name);
    mkdirSync(path);
    return path;
  };
  const output = file('github-output');
  const exported = file('github-env');
  const summary = file('step-summary.md');
  const env = {
    GITHUB_OUTPUT: output,
    GITHUB_ENV: exported,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_PATH: file('github-path'),
    GITHUB_STATE: file('github-state'),
    RUNNER_TEMP: folder('runner-temp'),
    // Whatever the action or terraform writes to a temp folder lands in the step's folder too.
    TMPDIR: folder('tmp'),
    GITHUB_WORKSPACE: workspace ?? folder('workspace'),
  };
  return {
    dir,
    env,
    outputs: () => parseGitHubOutputFile(readFileSync(output, 'utf8')),
    exported: () => parseGitHubOutputFile(readFileSync(exported, 'utf8')),
    summary: () => readFileSync(summary, 'utf8'),
  };
}

/** The committed bundle of `actions/<action>`, as action.yml's `runs.main` names it; undefined when not built. */
export function actionBundle(action: string): string | undefined {
  const dir = join(ROOT, 'actions', action);
  if (!existsSync(join(dir, 'action.yml'))) return undefined;
  const bundle = join(dir, readActionMetadata(dir).main);
  return existsSync(bundle) ? bundle : undefined;
}

/** GITHUB_REF and friends as the runner derives them from the event. */
function refsFor(event: StepOptions['event']): Record<string, string> {
  const pull = (event.payload as { pull_request?: unknown } | null)?.pull_request as
    | { number: number; head: { ref: string; sha: string }; base: { ref: string } }
    | undefined;
  if (event.name.startsWith('pull_request') && pull) {
    return {
      GITHUB_REF: `refs/pull/${pull.number}/merge`,
      GITHUB_REF_NAME: `${pull.number}/merge`,
      GITHUB_HEAD_REF: pull.head.ref,
      GITHUB_BASE_REF: pull.base.ref,
      GITHUB_SHA: pull.head.sha,
    };
  }
  return {
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_SHA: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
  };
}

export interface StepOptions {
  inputs: Record<string, string>;
  /** The event that started the workflow; its payload is written to the file GITHUB_EVENT_PATH names. */
  event: { name: string; payload: unknown };
  /** GITHUB_RUN_ID. */
  runId?: string;
  /** GITHUB_WORKSPACE and the working directory; a fresh folder in the step's when left out. */
  workspace?: string;
  /** Where the step's folder is made; the system temp folder when left out. */
  under?: string;
  /**
   * Variables over the runner's own: storage credentials, terraform's settings, the GitHub API URL,
   * GITHUB_* values a test pins. Inputs set as INPUT_* here reach the action as they are.
   */
  env?: Record<string, string>;
  /**
   * The contexts action.yml defaults may use (`github.token`...). When given, defaults are filled
   * and an input action.yml does not declare is refused, as in a workflow file; when not, an input
   * left out reaches the action empty, so the action's own fallback is what is tested.
   */
  contexts?: Record<string, string>;
  /**
   * In a process group of its own (the default), so killTree() ends terraform with it; false keeps
   * it in ours, so a terminal's Ctrl-C reaches it directly.
   */
  detached?: boolean;
  /** Stops the step (SIGTERM, then SIGKILL) after this long; `timedOut` then says so. */
  timeoutMs?: number;
}

export interface ActionRun {
  /** The exit code; -1 when a signal ended the step. */
  code: number;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** What a person sees in the log: stdout and stderr without the lines that register masks. */
  log: string;
  /** The workflow commands in stdout as the runner reads them: masks, errors, warnings. */
  commands: ActionLog;
  /** When each line of stdout arrived (ms since epoch), to tell the order of two steps. */
  lines: { at: number; text: string }[];
  durationMs: number;
  timedOut: boolean;
  runner: RunnerFiles;
}

export interface ActionStep {
  runner: RunnerFiles;
  child: ChildProcess;
  done: Promise<ActionRun>;
  /** SIGKILL to the whole process group: node, terraform and its provisioners, as a cancelled runner does. */
  killTree(): void;
  /** SIGTERM, then SIGKILL two seconds later; `done` then resolves once the step exits. */
  stop(): void;
}

function inputVariables(action: string, options: StepOptions): Record<string, string> {
  const given = options.inputs;
  const values: Record<string, string> = { ...given };
  if (options.contexts) {
    const metadata = readActionMetadata(join(ROOT, 'actions', action));
    for (const name of Object.keys(given)) {
      if (!metadata.inputs.has(name)) throw new Error(`actions/${action}/action.yml has no input "${name}"`);
    }
    for (const [name, spec] of metadata.inputs) {
      values[name] =
        given[name] ?? (spec.default === undefined ? '' : evaluateDefault(spec.default, options.contexts));
    }
  }
  // As the runner: upper-cased, spaces to underscores, hyphens kept.
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, value]),
  );
}

/**
 * Starts the bundled `actions/<action>` as a GitHub runner starts a step: `node <runs.main>` with
 * INPUT_* variables, the event payload in a file, fresh GITHUB_OUTPUT, GITHUB_ENV and
 * GITHUB_STEP_SUMMARY files, RUNNER_TEMP, and the runner's GITHUB_* and RUNNER_* variables.
 */
export function startAction(action: string, options: StepOptions): ActionStep {
  const bundle = actionBundle(action);
  if (!bundle) throw new Error(`actions/${action} has no bundle: run node scripts/build-bundles.mjs first`);
  const inputs = inputVariables(action, options);
  const runner = createRunnerFiles(options.under ?? tmpdir(), action, options.workspace);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? runner.dir,
    LANG: process.env.LANG ?? 'C.UTF-8',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    ...runner.env,
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    GITHUB_REPOSITORY_OWNER: 'Codertocat',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_EVENT_NAME: options.event.name,
    GITHUB_EVENT_PATH: writeEventFile(options.event.payload, runner.dir),
    GITHUB_RUN_ID: options.runId ?? '9876543210',
    GITHUB_RUN_NUMBER: '1',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW: 'terrarium',
    GITHUB_JOB: action,
    GITHUB_ACTION: action.replace(/-/g, ''),
    GITHUB_ACTOR: 'Codertocat',
    ...refsFor(options.event),
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'terrarium-test',
    ...options.env,
    ...inputs,
  };
  const detached = options.detached ?? true;
  const started = Date.now();
  const child = spawn(process.execPath, [bundle], {
    cwd: env.GITHUB_WORKSPACE,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached,
  });
  let stdout = '';
  let stderr = '';
  let partial = '';
  const lines: ActionRun['lines'] = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    stdout += text;
    const parts = (partial + text).split('\n');
    partial = parts.pop() ?? '';
    const at = Date.now();
    for (const line of parts) lines.push({ at, text: line });
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const signal = (name: NodeJS.Signals) => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      if (detached) process.kill(-child.pid, name);
      else child.kill(name);
    } catch {
      // Already gone.
    }
  };
  let stopping = false;
  let timedOut = false;
  const stop = () => {
    stopping = true;
    signal('SIGTERM');
    setTimeout(() => signal('SIGKILL'), 2000).unref();
  };
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          stop();
        }, options.timeoutMs);
  const done = new Promise<ActionRun>((resolve, reject) => {
    let finished = false;
    const finish = (exitCode: number | null, signalName: NodeJS.Signals | null) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      resolve({
        code: exitCode ?? -1,
        exitCode,
        signal: signalName,
        stdout,
        stderr,
        outputs: runner.outputs(),
        summary: runner.summary(),
        log: `${stdout}\n${stderr}`
          .split('\n')
          .filter((line) => !line.startsWith('::add-mask::'))
          .join('\n'),
        commands: readWorkflowCommands(stdout),
        lines,
        durationMs: Date.now() - started,
        timedOut,
        runner,
      });
    };
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', finish);
    // A stopped step's own children may hold its output pipes open; do not wait for them.
    child.once('exit', (exitCode, signalName) => {
      if (stopping) finish(exitCode, signalName);
    });
  });
  return { runner, child, done, killTree: () => signal('SIGKILL'), stop };
}

/** Runs a step to its end: see startAction. */
export function runAction(action: string, options: StepOptions): Promise<ActionRun> {
  return startAction(action, options).done;
}
