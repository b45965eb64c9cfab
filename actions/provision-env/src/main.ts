import * as core from '@actions/core';
import { actionsLogger, failStep, mask, writeJobSummary } from '@terrarium/action-kit';
import { secretValuesIn } from '@terrarium/core';
import { type ProvisionResult, provisionEnvironment, provisionSummary } from '@terrarium/lifecycle';
import { describeRunFailure, wireRun } from '@terrarium/runtime';
import { readInputs } from './inputs.js';

async function provision(env: NodeJS.ProcessEnv): Promise<ProvisionResult> {
  const inputs = readInputs(env);
  const { catalog, runner, deps } = await wireRun({
    env,
    catalog: inputs.configFile,
    githubToken: inputs.githubToken,
    logger: actionsLogger,
    mask,
  });
  return provisionEnvironment(deps, {
    catalog,
    environment: inputs.environment,
    instance: inputs.instance,
    event: runner.event,
    ttlSeconds: inputs.ttlSeconds,
    workingDirectory: inputs.workingDirectory,
    vars: inputs.vars,
    confirm: inputs.confirm,
    planOnly: inputs.planOnly,
    planHash: inputs.planHash,
    lockTimeoutMs: inputs.lockTimeoutMs,
    comment: inputs.comment,
    deployment: inputs.deployment,
    run: runner.run,
  });
}

function writeOutputs(result: ProvisionResult): void {
  core.setOutput('env-id', result.target.envId);
  core.setOutput('state-key', result.target.stateKey);
  core.setOutput('url', result.url ?? '');
  core.setOutput('outputs-json', JSON.stringify(result.outputs));
  // Counted as terraform's own "Plan:" line counts them: a replacement is one add and one destroy.
  core.setOutput('plan-add', result.plan.add + result.plan.replace);
  core.setOutput('plan-change', result.plan.change);
  core.setOutput('plan-destroy', result.plan.destroy + result.plan.replace);
  core.setOutput('changed', result.changed);
  core.setOutput('plan-hash', result.planHash);
  core.setOutput('failure-reason', '');
}

/** The action's entry: provisions, writes outputs and summary, and ends every failure in setFailed. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    // Before anything can print: the storage credentials and token in the environment.
    for (const secret of secretValuesIn(env)) mask(secret);
    const result = await provision(env);
    writeOutputs(result);
    await writeJobSummary(env, provisionSummary(result));
  } catch (caught) {
    const failure = describeRunFailure(caught);
    core.setOutput('failure-reason', failure.reason);
    if (failure.target) {
      core.setOutput('env-id', failure.target.envId);
      core.setOutput('state-key', failure.target.stateKey);
    }
    await writeJobSummary(env, failure.summary).catch(() => undefined);
    failStep('provision-env', failure.error, failure.reason);
  }
}
