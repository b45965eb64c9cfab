import { isAbsolute, resolve } from 'node:path';
import { booleanInput, durationInput, optionalInput, requiredInput } from '@terrarium/action-kit';

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
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const configFile = optionalInput('config') ?? 'environments.yaml';
  const workingDirectory = optionalInput('working-directory');
  const ttlMs = durationInput('ttl', undefined);
  return {
    configFile: isAbsolute(configFile) ? configFile : resolve(workspace, configFile),
    environment: requiredInput(
      'environment',
      'name an environment from the catalog (for example `feat` or `stg`)',
    ),
    instance: optionalInput('instance'),
    workingDirectory: workingDirectory === undefined ? undefined : resolve(workspace, workingDirectory),
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
