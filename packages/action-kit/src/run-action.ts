import * as core from '@actions/core';
import { type Catalog, secretValuesIn } from '@terrarium/core';
import {
  describeRunFailure,
  type RunFailureReport,
  type SloReportDeps,
  type Verdict,
} from '@terrarium/lifecycle';
import { type WiredLifecycle, type WiredRun, type WireOptions, wireRun } from '@terrarium/runtime';
import { actionsLogger } from './actions-logger.js';
import { optionalInput } from './input-readers.js';
import { failStep, mask, writeJobSummary } from './step-output.js';

type Outputs = Record<string, string | number | boolean>;

/** What a step's use case gave: its outputs, its job summary, and how the step ends. */
export interface StepResult {
  outputs: Outputs;
  /** Markdown for the job summary. */
  summary?: string | undefined;
  /** Outside a runner, where there is no summary file, show the summary in the log instead. */
  summaryInLog?: boolean | undefined;
  /** Exported to the job's later steps; each value is masked first (they are credentials). */
  exportVariables?: Record<string, string> | undefined;
  /** The step's last word, once outputs and summary are written: `failed` fails it (with its reason). */
  verdict?: Verdict | undefined;
}

/** How a step is wired (runtime's wireRun; the environment, the log and masking are the frame's). */
type StepWiring = Omit<WireOptions, 'env' | 'logger' | 'mask'>;
/** With a catalog, the state store and terraform are wired too; without, GitHub and Log Analytics. */
type Wired<Wiring> = Wiring extends { catalog: Catalog | string } ? WiredLifecycle : WiredRun<SloReportDeps>;

/** One action, in the shape every action has: inputs -> wiring -> one use case -> outputs. */
export interface ActionStep<Inputs, Wiring extends StepWiring> {
  /** Reads and checks the inputs (a mistake is a ConfigurationError naming the input). */
  inputs(env: NodeJS.ProcessEnv): Inputs;
  /** What the run needs wired: the catalog, the GitHub token, Resource Manager, Log Analytics. */
  wiring(inputs: Inputs): Wiring;
  /** Runs the use case and says what the step gives back. */
  run(inputs: Inputs, wired: Wired<Wiring>): Promise<StepResult>;
  /**
   * For actions with a `failure-reason` output: the other outputs a failed run sets. A failure
   * then also writes failure-reason and a failure summary, and its message names the reason.
   */
  failureOutputs?: ((failure: RunFailureReport) => Outputs) | undefined;
}

/**
 * Every action's frame: secrets masked before anything can print, the inputs read, the run wired
 * through runtime, the use case run, its outputs and job summary written; every failure ends in
 * one failStep.
 */
export async function runAction<Inputs, Wiring extends StepWiring>(
  name: string,
  env: NodeJS.ProcessEnv,
  step: ActionStep<Inputs, Wiring>,
): Promise<void> {
  let explain = (error: unknown) => error;
  try {
    // Before anything can print: the credentials in the environment and the token input.
    for (const secret of secretValuesIn(env)) mask(secret);
    mask(optionalInput('github-token'));
    const inputs = step.inputs(env);
    const wired = await wireRun({ ...step.wiring(inputs), env, logger: actionsLogger, mask });
    explain = wired.explainError;
    const result = await step.run(inputs, wired as Wired<Wiring>);
    for (const [variable, value] of Object.entries(result.exportVariables ?? {})) {
      mask(value);
      core.exportVariable(variable, value);
    }
    for (const [output, value] of Object.entries(result.outputs)) core.setOutput(output, value);
    if (step.failureOutputs) core.setOutput('failure-reason', result.verdict?.reason ?? '');
    if (result.summary !== undefined) {
      if (env.GITHUB_STEP_SUMMARY) await writeJobSummary(env, result.summary);
      else if (result.summaryInLog) core.info(result.summary);
    }
    const verdict = result.verdict;
    if (verdict?.level === 'failed') core.setFailed(verdict.message);
    else if (verdict?.level === 'warning') core.warning(verdict.message);
    else if (verdict) core.info(verdict.message);
  } catch (caught) {
    const failure = describeRunFailure(caught, explain);
    if (!step.failureOutputs) {
      failStep(name, failure.error);
      return;
    }
    core.setOutput('failure-reason', failure.reason);
    for (const [output, value] of Object.entries(step.failureOutputs(failure))) core.setOutput(output, value);
    await writeJobSummary(env, failure.summary).catch(() => undefined);
    failStep(name, failure.error, failure.reason);
  }
}
