import * as core from '@actions/core';
import { actionsLogger } from '@terrarium/action-kit';
import { type Catalog, errorMessage, isConfigurationError, loadCatalog } from '@terrarium/core';
import {
  createLifecycleDeps,
  failureContextOf,
  failureReasonOf,
  failureSummary,
  type LifecycleDeps,
  type RunnerEnvironment,
  readRunnerEnvironment,
  secretValuesIn,
  sweepEnvironments,
  sweepSummary,
  teardownEnvironment,
  teardownSummary,
} from '@terrarium/lifecycle';
import { explainStorageError } from '@terrarium/state';
import { readInputs, type TeardownInputs } from './inputs.js';

function mask(secret: string): void {
  if (secret) core.setSecret(secret);
}

async function writeSummary(env: NodeJS.ProcessEnv, markdown: string): Promise<void> {
  if (!env.GITHUB_STEP_SUMMARY) return;
  await core.summary.addRaw(markdown).write();
}

async function teardownOne(
  deps: LifecycleDeps,
  catalog: Catalog,
  inputs: TeardownInputs,
  runner: RunnerEnvironment,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const result = await teardownEnvironment(deps, {
    catalog,
    environment: inputs.environment ?? '',
    instance: inputs.instance,
    event: runner.event,
    workingDirectory: inputs.workingDirectory,
    vars: inputs.vars,
    confirm: inputs.confirm,
    allowLongLived: inputs.allowLongLived,
    lockTimeoutMs: inputs.lockTimeoutMs,
    run: runner.run,
  });
  core.setOutput('destroyed', JSON.stringify([result.target.envId]));
  core.setOutput('failed', '[]');
  core.setOutput('failure-reason', '');
  await writeSummary(env, teardownSummary(result));
}

async function sweep(
  deps: LifecycleDeps,
  catalog: Catalog,
  inputs: TeardownInputs,
  runner: RunnerEnvironment,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const result = await sweepEnvironments(deps, {
    catalog,
    dryRun: inputs.dryRun,
    concurrency: inputs.concurrency,
    keepLabel: inputs.keepLabel,
    deleteOrphanResourceGroups: inputs.deleteOrphanResourceGroups,
    workingDirectory: inputs.workingDirectory,
    lockTimeoutMs: inputs.lockTimeoutMs,
    run: runner.run,
  });
  core.setOutput('destroyed', JSON.stringify(result.destroyed));
  core.setOutput('failed', JSON.stringify(result.failed));
  await writeSummary(env, sweepSummary(result));
  const failures = result.items.filter((item) => item.result === 'failed');
  if (failures.length > 0) {
    core.setOutput('failure-reason', failures[0]?.failureReason ?? 'destroy-failed');
    core.setFailed(
      `Sweep could not tear down ${failures.length} environment(s): ${failures.map((item) => `${item.envId} (${item.failureReason})`).join(', ')}`,
    );
    return;
  }
  const orphanFailures = result.orphans.filter((group) => group.result === 'failed');
  if (orphanFailures.length > 0) {
    core.setOutput('failure-reason', 'destroy-failed');
    core.setFailed(
      `Sweep could not delete ${orphanFailures.length} orphan resource group(s): ${orphanFailures.map((group) => `${group.name} (${group.message ?? 'unknown error'})`).join(', ')}`,
    );
    return;
  }
  core.setOutput('failure-reason', '');
}

/** The action's entry: one teardown or a sweep; outputs, summary, and every failure in setFailed. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    // Before anything can print: the storage credentials and token in the environment.
    for (const secret of secretValuesIn(env)) mask(secret);
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
      resourceGroups: inputs.mode === 'sweep' && inputs.deleteOrphanResourceGroups,
    });
    if (inputs.mode === 'sweep') await sweep(deps, catalog, inputs, runner, env);
    else await teardownOne(deps, catalog, inputs, runner, env);
  } catch (caught) {
    const context = failureContextOf(caught);
    // A refused or unreachable storage account is the workflow's to fix, not a Terrarium bug.
    const error = failureReasonOf(caught) === 'internal-error' ? explainStorageError(caught) : caught;
    const reason = failureReasonOf(error);
    core.setOutput('failure-reason', reason);
    core.setOutput('destroyed', '[]');
    core.setOutput('failed', JSON.stringify(context?.target ? [context.target.envId] : []));
    await writeSummary(
      env,
      failureSummary(reason, errorMessage(error), context?.target, context?.notes ?? []),
    ).catch(() => undefined);
    if (isConfigurationError(error)) {
      core.setFailed(error.message);
      return;
    }
    if (error instanceof Error && error.stack) core.debug(error.stack);
    core.setFailed(`teardown-env failed (${reason}): ${errorMessage(error)}`);
  }
}
