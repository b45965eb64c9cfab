import { basename } from 'node:path';
import type { Logger } from '@terrarium/core';
import {
  backendConfigArgs,
  lockTimeoutArgs,
  positionalPath,
  redactArgs,
  varFileArgs,
} from './command-args.js';
import { TerraformCommandError, TerraformLockError, TerraformTimeoutError } from './errors.js';
import { isLockError, isUnlockError, parseLockInfo, stripAnsi } from './lock-info.js';
import { parseOutputs, type TerraformOutputs } from './outputs.js';
import { planChanged } from './plan-exit-code.js';
import { type PlanSummary, summarizePlan } from './plan-summary.js';
import { type OutputStream, type RunResult, runCommand } from './run-command.js';
import { managedResourceAddresses, type StateJson } from './state-json.js';

export interface TerraformOptions {
  /** `terraform` (default) or `tofu`, or a path to either. */
  binary?: string;
  workingDirectory: string;
  /** Merged over the process environment; an undefined value removes the variable. */
  env?: Record<string, string | undefined>;
  logger: Logger;
  /** Per command; default 60 minutes. */
  timeoutMs?: number;
  /** After a timeout's SIGTERM, how long terraform gets to stop gracefully (and release its lock). Default 30 s. */
  killGraceMs?: number;
  /** Sees every streamed line too (stderr always; stdout except for JSON commands). */
  onLine?: (line: string, stream: OutputStream) => void;
}

export interface InitOptions {
  /** Each pair becomes `-backend-config=key=value`; secrets belong in the environment instead (ARM_ACCESS_KEY). */
  backendConfig: Record<string, string> | undefined;
  backendConfigFile?: string;
  reconfigure?: boolean;
  lockTimeout?: string;
}

export interface PlanOptions {
  out: string;
  varFiles?: string[];
  destroy?: boolean;
  lockTimeout?: string;
  /** false adds -refresh=false. */
  refresh?: boolean;
}

export interface DestroyOptions {
  varFiles?: string[];
  lockTimeout?: string;
}

export interface TerraformVersion {
  version: string;
  platform: string;
}

export interface Terraform {
  readonly binary: string;
  readonly workingDirectory: string;
  version(): Promise<TerraformVersion>;
  init(options: InitOptions): Promise<void>;
  /** `plan -detailed-exitcode`, saved to `out`; changed is true when terraform exits 2. */
  plan(options: PlanOptions): Promise<{ changed: boolean }>;
  showPlan(planFile: string): Promise<PlanSummary>;
  /**
   * `show -json <plan>`, parsed: what the reviewed-plan hash is computed from. It holds sensitive
   * values in plain text, so it is never streamed to the log.
   */
  showPlanJson(planFile: string): Promise<unknown>;
  apply(planFile: string, options?: { lockTimeout?: string }): Promise<void>;
  destroy(options?: DestroyOptions): Promise<void>;
  /** Every output with its value, sensitive ones included: never log the result as is. */
  output(): Promise<TerraformOutputs>;
  /** `show -json` of the current state. */
  showState(): Promise<StateJson>;
  /** Managed resources left in the state (0 after a complete destroy). */
  stateResourceCount(): Promise<number>;
  forceUnlock(lockId: string): Promise<void>;
  /** `state push <file>`: terraform itself refuses a different lineage or an older serial. */
  statePush(stateFile: string, options?: { lockTimeout?: string }): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 60 * 60 * 1000;
const DEFAULT_KILL_GRACE_MS = 30_000;
const STDERR_TAIL_LINES = 20;

function tailLines(text: string): string[] {
  return stripAnsi(text)
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .slice(-STDERR_TAIL_LINES);
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // The text may hold secrets (outputs, plan variables): say what failed, not what it was.
    throw new Error(`${what} did not print valid JSON (${text.length} characters)`);
  }
}

export function createTerraform(options: TerraformOptions): Terraform {
  const binary = options.binary ?? 'terraform';
  // `terraform` or `tofu` in messages and logs, even when given a full path.
  const tool = basename(binary);
  const { logger, workingDirectory } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const killGraceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  // Automation: no prompts, no upgrade checks, output worded for logs rather than a terminal.
  Object.assign(env, { TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' });

  /** Runs and returns the result whatever the exit code; lock errors and timeouts always throw. */
  async function exec(args: string[], streamStdout = true): Promise<RunResult> {
    const shown = redactArgs(args);
    logger.info(`$ ${tool} ${shown.join(' ')}`);
    const result = await runCommand({
      binary,
      args,
      cwd: workingDirectory,
      env,
      timeoutMs,
      killGraceMs,
      streamStdout,
      onLine: (line, stream) => {
        logger.info(line);
        options.onLine?.(line, stream);
      },
    });
    const tail = tailLines(result.stderr);
    if (result.timedOut) throw new TerraformTimeoutError(tool, shown, timeoutMs, result.exitCode, tail);
    if (result.exitCode !== 0 && isLockError(result.stderr + result.stdout))
      throw new TerraformLockError(
        shown,
        result.exitCode,
        tail,
        parseLockInfo(result.stderr + result.stdout),
      );
    return result;
  }

  function fail(args: string[], result: RunResult): never {
    const shown = redactArgs(args);
    const tail = tailLines(result.stderr);
    const how = result.exitCode === null ? `on signal ${result.signal}` : `with exit code ${result.exitCode}`;
    const output = result.stderr + result.stdout;
    throw new TerraformCommandError(
      `${tool} ${shown[0]} failed ${how}${tail.length > 0 ? `:\n${tail.join('\n')}` : ''}`,
      shown,
      result.exitCode,
      tail,
      isUnlockError(output),
      isUnlockError(output) ? parseLockInfo(output) : undefined,
    );
  }

  async function run(args: string[], streamStdout = true): Promise<RunResult> {
    const result = await exec(args, streamStdout);
    if (result.exitCode !== 0) fail(args, result);
    return result;
  }

  async function showPlanJson(planFile: string): Promise<unknown> {
    const result = await run(['show', '-json', '-no-color', positionalPath(planFile, 'plan file')], false);
    return parseJson(result.stdout, `${tool} show -json <plan>`);
  }

  async function showState(): Promise<StateJson> {
    const result = await run(['show', '-json', '-no-color'], false);
    return parseJson(result.stdout, `${tool} show -json`) as StateJson;
  }

  return {
    binary,
    workingDirectory,

    async version() {
      const result = await run(['version', '-json'], false);
      const json = parseJson(result.stdout, `${tool} version -json`) as Record<string, unknown>;
      const version = json.terraform_version;
      if (typeof version !== 'string') throw new Error(`${tool} version -json printed no terraform_version`);
      return { version, platform: typeof json.platform === 'string' ? json.platform : '' };
    },

    async init(init) {
      const args = ['init', '-input=false', '-no-color'];
      if (init.reconfigure) args.push('-reconfigure');
      args.push(...lockTimeoutArgs(init.lockTimeout), ...backendConfigArgs(init.backendConfig));
      if (init.backendConfigFile !== undefined) args.push(`-backend-config=${init.backendConfigFile}`);
      await run(args);
    },

    async plan(plan) {
      const args = ['plan', '-input=false', '-no-color', '-detailed-exitcode', `-out=${plan.out}`];
      if (plan.destroy) args.push('-destroy');
      if (plan.refresh === false) args.push('-refresh=false');
      args.push(...lockTimeoutArgs(plan.lockTimeout), ...varFileArgs(plan.varFiles));
      const result = await exec(args);
      const changed = planChanged(result.exitCode);
      if (changed === undefined) fail(args, result);
      return { changed };
    },

    async showPlan(planFile) {
      return summarizePlan(await showPlanJson(planFile));
    },

    showPlanJson,

    async apply(planFile, apply = {}) {
      await run([
        'apply',
        '-input=false',
        '-no-color',
        ...lockTimeoutArgs(apply.lockTimeout),
        positionalPath(planFile, 'plan file'),
      ]);
    },

    async destroy(destroy = {}) {
      await run([
        'destroy',
        '-input=false',
        '-no-color',
        '-auto-approve',
        ...lockTimeoutArgs(destroy.lockTimeout),
        ...varFileArgs(destroy.varFiles),
      ]);
    },

    async output() {
      // Not streamed: `output -json` prints sensitive values in clear.
      const result = await run(['output', '-json', '-no-color'], false);
      return parseOutputs(parseJson(result.stdout, `${tool} output -json`));
    },

    showState,

    async stateResourceCount() {
      return managedResourceAddresses(await showState()).length;
    },

    async forceUnlock(lockId) {
      await run(['force-unlock', '-force', positionalPath(lockId, 'lock id')]);
    },

    async statePush(stateFile, push = {}) {
      await run([
        'state',
        'push',
        ...lockTimeoutArgs(push.lockTimeout),
        positionalPath(stateFile, 'state file'),
      ]);
    },
  };
}
