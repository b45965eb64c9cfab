import { runAction } from '@terrarium/action-kit';
import { type ProvisionResult, provisionEnvironment, provisionSummary } from '@terrarium/lifecycle';
import { readInputs } from './inputs.js';

function outputs(result: ProvisionResult) {
  return {
    'env-id': result.target.envId,
    'state-key': result.target.stateKey,
    url: result.url ?? '',
    'outputs-json': JSON.stringify(result.outputs),
    // Counted as terraform's own "Plan:" line counts them: a replacement is one add and one destroy.
    'plan-add': result.plan.add + result.plan.replace,
    'plan-change': result.plan.change,
    'plan-destroy': result.plan.destroy + result.plan.replace,
    changed: result.changed,
    'plan-hash': result.planHash,
  };
}

/** The action's entry: inputs, one provision, outputs and summary; every failure ends the step. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runAction('provision-env', env, {
    inputs: readInputs,
    wiring: (inputs) => ({ catalog: inputs.configFile, githubToken: inputs.githubToken }),
    async run(inputs, { catalog, runner, deps }) {
      const result = await provisionEnvironment(deps, {
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
      return { outputs: outputs(result), summary: provisionSummary(result) };
    },
    failureOutputs: ({ target }): Record<string, string> =>
      target ? { 'env-id': target.envId, 'state-key': target.stateKey } : {},
  });
}
