import { runAction } from '@terrarium/action-kit';
import {
  sweepEnvironments,
  sweepSummary,
  sweepVerdict,
  teardownEnvironment,
  teardownSummary,
} from '@terrarium/lifecycle';
import { readInputs } from './inputs.js';

/** The action's entry: inputs, one teardown or a sweep, outputs and summary; every failure ends the step. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runAction('teardown-env', env, {
    inputs: readInputs,
    wiring: (inputs) => ({
      catalog: inputs.configFile,
      githubToken: inputs.githubToken,
      resourceGroups: inputs.mode === 'sweep' && inputs.deleteOrphanResourceGroups,
    }),
    async run(inputs, { catalog, runner, deps }) {
      const { workingDirectory, lockTimeoutMs } = inputs;
      const common = { catalog, workingDirectory, lockTimeoutMs, run: runner.run };
      if (inputs.mode === 'sweep') {
        const result = await sweepEnvironments(deps, {
          ...common,
          dryRun: inputs.dryRun,
          concurrency: inputs.concurrency,
          keepLabel: inputs.keepLabel,
          deleteOrphanResourceGroups: inputs.deleteOrphanResourceGroups,
        });
        const outputs = {
          destroyed: JSON.stringify(result.destroyed),
          failed: JSON.stringify(result.failed),
        };
        return { outputs, summary: sweepSummary(result), verdict: sweepVerdict(result) };
      }
      const result = await teardownEnvironment(deps, {
        ...common,
        environment: inputs.environment ?? '',
        instance: inputs.instance,
        event: runner.event,
        vars: inputs.vars,
        confirm: inputs.confirm,
        allowLongLived: inputs.allowLongLived,
      });
      const outputs = { destroyed: JSON.stringify([result.target.envId]), failed: '[]' };
      return { outputs, summary: teardownSummary(result) };
    },
    failureOutputs: ({ target }) => ({
      destroyed: '[]',
      failed: JSON.stringify(target ? [target.envId] : []),
    }),
  });
}
