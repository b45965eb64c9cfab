import { booleanInput, durationInput, optionalInput, pathInput, requiredInput } from '@terrarium/action-kit';

/** Everything provision-env was asked to do, read and checked once. */
export interface ProvisionInputs {
  /** Absolute path of the catalog. */
  configFile: string;
  environment: string;
  instance: string | undefined;
  /** Absolute root module directory, when given. */
  workingDirectory: string | undefined;
  vars: string | undefined;
  ttlSeconds: number | undefined;
  confirm: string | undefined;
  planOnly: boolean;
  planHash: string | undefined;
  lockTimeoutMs: number;
  comment: boolean;
  deployment: boolean;
  githubToken: string | undefined;
}

/** Paths in inputs are relative to the workspace, as the rest of a workflow's paths are. */
export function readInputs(env: NodeJS.ProcessEnv = process.env): ProvisionInputs {
  const ttlMs = durationInput('ttl', undefined);
  return {
    configFile: pathInput('config', env, 'environments.yaml'),
    environment: requiredInput(
      'environment',
      'name an environment from the catalog (for example `feat` or `stg`)',
    ),
    instance: optionalInput('instance'),
    workingDirectory: pathInput('working-directory', env),
    vars: optionalInput('vars'),
    ttlSeconds: ttlMs === undefined ? undefined : ttlMs / 1000,
    confirm: optionalInput('confirm'),
    planOnly: booleanInput('plan-only', false),
    planHash: optionalInput('plan-hash'),
    lockTimeoutMs: durationInput('lock-timeout', '5m', true) ?? 300_000,
    comment: booleanInput('comment', true),
    deployment: booleanInput('deployment', true),
    githubToken: optionalInput('github-token'),
  };
}
