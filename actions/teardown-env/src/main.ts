import * as core from '@actions/core';
import { actionsLogger, failStep, mask, writeJobSummary } from '@terrarium/action-kit';
import { type Catalog, secretValuesIn } from '@terrarium/core';
import {
  type LifecycleDeps,
  sweepEnvironments,
  sweepSummary,
  teardownEnvironment,
  teardownSummary,
} from '@terrarium/lifecycle';
import { describeRunFailure, type RunnerContext, wireRun } from '@terrarium/runtime';
import { readInputs, type TeardownInputs } from './inputs.js';

async function teardownOne(
  deps: LifecycleDeps,
  catalog: Catalog,
  inputs: TeardownInputs,
  runner: RunnerContext,
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
  await writeJobSummary(env, teardownSummary(result));
}

async function sweep(
  deps: LifecycleDeps,
  catalog: Catalog,
  inputs: TeardownInputs,
  runner: RunnerContext,
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
  await writeJobSummary(env, sweepSummary(result));
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
    const { catalog, runner, deps } = await wireRun({
      env,
      catalog: inputs.configFile,
      githubToken: inputs.githubToken,
      logger: actionsLogger,
      mask,
      resourceGroups: inputs.mode === 'sweep' && inputs.deleteOrphanResourceGroups,
    });
    if (inputs.mode === 'sweep') await sweep(deps, catalog, inputs, runner, env);
    else await teardownOne(deps, catalog, inputs, runner, env);
  } catch (caught) {
    const failure = describeRunFailure(caught);
    core.setOutput('failure-reason', failure.reason);
    core.setOutput('destroyed', '[]');
    core.setOutput('failed', JSON.stringify(failure.target ? [failure.target.envId] : []));
    await writeJobSummary(env, failure.summary).catch(() => undefined);
    failStep('teardown-env', failure.error, failure.reason);
  }
}
