import { isAbsolute, resolve } from 'node:path';
import * as core from '@actions/core';
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

function optional(name: string): string | undefined {
  const value = core.getInput(name).trim();
  return value === '' ? undefined : value;
}

function booleanInput(name: string, fallback: boolean): boolean {
  const value = optional(name);
  if (value === undefined) return fallback;
  // The YAML 1.2 core schema's spellings, as @actions/core's getBooleanInput accepts them.
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new ConfigurationError(`input "${name}" must be true or false, not "${value}"`);
}

/** Paths in inputs are relative to the workspace, as the rest of a workflow's paths are. */
export function readInputs(env: NodeJS.ProcessEnv = process.env): ConfigureBackendInputs {
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const environment = optional('environment');
  if (environment === undefined) {
    throw new ConfigurationError('input "environment" is required: name an environment from the catalog');
  }
  const workingDirectory = optional('working-directory');
  const configFile = optional('config') ?? 'environments.yaml';
  return {
    configFile: isAbsolute(configFile) ? configFile : resolve(workspace, configFile),
    environment,
    instance: optional('instance'),
    workingDirectory: workingDirectory === undefined ? undefined : resolve(workspace, workingDirectory),
    bootstrap: booleanInput('bootstrap', true),
  };
}
