import * as core from '@actions/core';
import { actionsLogger } from '@terrarium/action-kit';
import { errorMessage, isConfigurationError, loadCatalog } from '@terrarium/core';
import {
  createLifecycleDeps,
  failureContextOf,
  failureReasonOf,
  failureSummary,
  type ProvisionResult,
  provisionEnvironment,
  provisionSummary,
  readRunnerEnvironment,
  secretValuesIn,
} from '@terrarium/lifecycle';
import { explainStorageError } from '@terrarium/state';
import { readInputs } from './inputs.js';

function mask(secret: string): void {
  if (secret) core.setSecret(secret);
}

async function provision(env: NodeJS.ProcessEnv): Promise<ProvisionResult> {
  const inputs = readInputs(env);
  if (inputs.githubToken) mask(inputs.githubToken);
  const catalog = await loadCatalog(inputs.configFile);
  const runner = readRunnerEnvironment(env);
  const deps = createLifecycleDeps({
    catalog,
    env,
    logger: actionsLogger,
    mask,
    github: inputs.githubToken
      ? { token: inputs.githubToken, repository: runner.repository, ref: runner.ref }
      : undefined,
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

async function writeSummary(env: NodeJS.ProcessEnv, markdown: string): Promise<void> {
  if (!env.GITHUB_STEP_SUMMARY) return;
  await core.summary.addRaw(markdown).write();
}

/** The action's entry: provisions, writes outputs and summary, and ends every failure in setFailed. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    // Before anything can print: the storage credentials and token in the environment.
    for (const secret of secretValuesIn(env)) mask(secret);
    const result = await provision(env);
    writeOutputs(result);
    await writeSummary(env, provisionSummary(result));
  } catch (caught) {
    const context = failureContextOf(caught);
    // A refused or unreachable storage account is the workflow's to fix, not a Terrarium bug.
    const error = failureReasonOf(caught) === 'internal-error' ? explainStorageError(caught) : caught;
    const reason = failureReasonOf(error);
    core.setOutput('failure-reason', reason);
    if (context?.target) {
      core.setOutput('env-id', context.target.envId);
      core.setOutput('state-key', context.target.stateKey);
    }
    await writeSummary(
      env,
      failureSummary(reason, errorMessage(error), context?.target, context?.notes ?? []),
    ).catch(() => undefined);
    if (isConfigurationError(error)) {
      core.setFailed(error.message);
      return;
    }
    if (error instanceof Error && error.stack) core.debug(error.stack);
    core.setFailed(`provision-env failed (${reason}): ${errorMessage(error)}`);
  }
}
