import { isAbsolute, resolve } from 'node:path';
import { booleanInput, optionalInput } from '@terrarium/action-kit';
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
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const environment = optionalInput('environment');
  if (environment === undefined) {
    throw new ConfigurationError('input "environment" is required: name an environment from the catalog');
  }
  const workingDirectory = optionalInput('working-directory');
  const configFile = optionalInput('config') ?? 'environments.yaml';
  return {
    configFile: isAbsolute(configFile) ? configFile : resolve(workspace, configFile),
    environment,
    instance: optionalInput('instance'),
    workingDirectory: workingDirectory === undefined ? undefined : resolve(workspace, workingDirectory),
    bootstrap: booleanInput('bootstrap', true),
  };
}
