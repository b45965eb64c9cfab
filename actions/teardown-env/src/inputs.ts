import { booleanInput, durationInput, integerInput, optionalInput, pathInput } from '@terrarium/action-kit';
import { ConfigurationError } from '@terrarium/core';

export type TeardownMode = 'env' | 'sweep';

/** Everything teardown-env was asked to do, read and checked once. */
export interface TeardownInputs {
  configFile: string;
  mode: TeardownMode;
  /** Required in `env` mode. */
  environment: string | undefined;
  instance: string | undefined;
  workingDirectory: string | undefined;
  vars: string | undefined;
  confirm: string | undefined;
  allowLongLived: boolean;
  dryRun: boolean;
  concurrency: number;
  deleteOrphanResourceGroups: boolean;
  keepLabel: string;
  lockTimeoutMs: number;
  githubToken: string | undefined;
}

export function readInputs(env: NodeJS.ProcessEnv = process.env): TeardownInputs {
  const mode = optionalInput('mode') ?? 'env';
  if (mode !== 'env' && mode !== 'sweep')
    throw new ConfigurationError(
      `input "mode" must be "env" (one environment) or "sweep" (every due one), not "${mode}"`,
    );
  const environment = optionalInput('environment');
  if (mode === 'env' && environment === undefined)
    throw new ConfigurationError(
      'input "environment" is required when mode is "env": name an environment from the catalog',
    );
  return {
    configFile: pathInput('config', env, 'environments.yaml'),
    mode,
    environment,
    instance: optionalInput('instance'),
    workingDirectory: pathInput('working-directory', env),
    vars: optionalInput('vars'),
    confirm: optionalInput('confirm'),
    allowLongLived: booleanInput('allow-long-lived', false),
    dryRun: booleanInput('dry-run', false),
    concurrency: integerInput('concurrency', 4, 1, 32),
    deleteOrphanResourceGroups: booleanInput('delete-orphan-resource-groups', false),
    keepLabel: optionalInput('keep-label') ?? 'keep-env',
    lockTimeoutMs: durationInput('lock-timeout', '5m', true) ?? 300_000,
    githubToken: optionalInput('github-token'),
  };
}
