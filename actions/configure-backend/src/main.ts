import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { actionsLogger, failStep, mask } from '@terrarium/action-kit';
import {
  ConfigurationError,
  eventContextFromGitHub,
  loadCatalog,
  readEventPayload,
  resolveTarget,
  secretValuesIn,
} from '@terrarium/core';
import { openStorage } from '@terrarium/runtime';
import {
  backendConfigFor,
  ensureContainer,
  explainStorageError,
  writeBackendConfigFile,
} from '@terrarium/state';
import { type ConfigureBackendInputs, readInputs } from './inputs.js';
import { initCommand, summaryRows } from './job-summary.js';

function checkWorkingDirectory(dir: string | undefined): void {
  if (dir === undefined) return;
  let isDirectory = false;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    isDirectory = false;
  }
  if (!isDirectory) {
    throw new ConfigurationError(
      `input "working-directory" is "${dir}", which is not a directory: give the folder terraform runs in, relative to the workspace`,
    );
  }
}

async function configureBackend(inputs: ConfigureBackendInputs, env: NodeJS.ProcessEnv): Promise<void> {
  checkWorkingDirectory(inputs.workingDirectory);
  const catalog = await loadCatalog(inputs.configFile);
  const event = eventContextFromGitHub({
    eventName: env.GITHUB_EVENT_NAME,
    payload: readEventPayload(env),
    env,
  });
  const target = resolveTarget(catalog, {
    environment: inputs.environment,
    instance: inputs.instance,
    event,
  });

  const auth = openStorage(catalog.backend, env, { logger: actionsLogger, mask });
  core.info(`State of ${target.envId}: ${target.stateContainer}/${target.stateKey} in ${auth.accountName}.`);

  let containerCreated = false;
  if (inputs.bootstrap) {
    try {
      ({ created: containerCreated } = await ensureContainer(
        auth.blobService,
        target.stateContainer,
        actionsLogger,
      ));
    } catch (error) {
      throw explainStorageError(error, auth.accountName);
    }
  }

  const runnerTemp = env.RUNNER_TEMP ?? tmpdir();
  const dir = mkdtempSync(join(runnerTemp, 'terrarium-'));
  const backendConfigFile = writeBackendConfigFile(backendConfigFor(target, auth, catalog.backend), dir);

  // Only what the auth mode needs: with Entra ID terraform signs in itself and gets no key.
  for (const [name, value] of Object.entries(auth.terraformEnv)) {
    mask(value);
    core.exportVariable(name, value);
  }

  core.setOutput('env-id', target.envId);
  core.setOutput('instance', target.instance ?? '');
  core.setOutput('storage-account', target.storageAccount);
  core.setOutput('state-container', target.stateContainer);
  core.setOutput('state-key', target.stateKey);
  core.setOutput('backend-config-file', backendConfigFile);
  core.setOutput('expires-at', target.expiresAt ?? '');

  const summary = {
    target,
    backendConfigFile,
    containerCreated,
    authMode: auth.mode,
    workingDirectory: inputs.workingDirectory,
  };
  await core.summary
    .addHeading(`Terraform backend for ${target.envId}`, 3)
    .addTable([
      [
        { data: 'Setting', header: true },
        { data: 'Value', header: true },
      ],
      ...summaryRows(summary),
    ])
    .addCodeBlock(initCommand(summary), 'shell')
    .write();
}

/** The action's entry: reads the inputs, configures the backend, and ends every failure in setFailed. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    // Before anything can print: the storage credentials and tokens in the environment.
    for (const secret of secretValuesIn(env)) mask(secret);
    await configureBackend(readInputs(env), env);
  } catch (error) {
    failStep('configure-backend', error);
  }
}
