import { runAction } from '@terrarium/action-kit';
import { backendSummary, configureBackend } from '@terrarium/lifecycle';
import { readInputs } from './inputs.js';

/** The action's entry: inputs, one backend configured, outputs and summary; every failure ends the step. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runAction('configure-backend', env, {
    inputs: readInputs,
    wiring: (inputs) => ({ catalog: inputs.configFile }),
    async run(inputs, { catalog, runner, deps }) {
      const result = await configureBackend(deps, {
        catalog,
        environment: inputs.environment,
        instance: inputs.instance,
        event: runner.event,
        workingDirectory: inputs.workingDirectory,
        bootstrap: inputs.bootstrap,
        outDir: runner.runnerTemp,
      });
      const { target } = result;
      return {
        // Only what the auth mode needs: with Entra ID terraform signs in itself and gets no key.
        exportVariables: result.terraformEnv,
        outputs: {
          'env-id': target.envId,
          instance: target.instance ?? '',
          'storage-account': target.storageAccount,
          'state-container': target.stateContainer,
          'state-key': target.stateKey,
          'backend-config-file': result.backendConfigFile,
          'expires-at': target.expiresAt ?? '',
        },
        summary: backendSummary(result),
      };
    },
  });
}
