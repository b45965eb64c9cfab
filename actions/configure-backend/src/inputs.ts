import { booleanInput, optionalInput, pathInput } from '@terrarium/action-kit';
import { ConfigurationError } from '@terrarium/core';

/** Everything the action was asked to do, read and checked once. */
export interface ConfigureBackendInputs {
  /** Absolute path of the catalog. */
  configFile: string;
  environment: string;
  /** Explicit instance; undefined to derive it from the event. */
  instance: string | undefined;
  /** Absolute directory terraform runs in; undefined when not given. */
  workingDirectory: string | undefined;
  bootstrap: boolean;
}

/** Paths in inputs are relative to the workspace, as the rest of a workflow's paths are. */
export function readInputs(env: NodeJS.ProcessEnv = process.env): ConfigureBackendInputs {
  const environment = optionalInput('environment');
  if (environment === undefined) {
    throw new ConfigurationError('input "environment" is required: name an environment from the catalog');
  }
  return {
    configFile: pathInput('config', env, 'environments.yaml'),
    environment,
    instance: optionalInput('instance'),
    workingDirectory: pathInput('working-directory', env),
    bootstrap: booleanInput('bootstrap', true),
  };
}
