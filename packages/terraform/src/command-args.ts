import { ConfigurationError } from '@terrarium/core';

const BACKEND_KEY = /^[a-z_][a-z0-9_]*$/;
// `key` alone is the state blob name; `access_key`, `sas_token`, `client_secret`... are secrets.
const SECRET_KEY = /access_key|secret|token|password|sas|certificate/i;
const DURATION = /^(0|\d+(\.\d+)?(ms|s|m|h))$/;

/** `-backend-config=key=value` per pair: each is one argv entry, so values need no quoting. */
export function backendConfigArgs(backendConfig: Record<string, string> | undefined): string[] {
  return Object.entries(backendConfig ?? {}).map(([key, value]) => {
    if (!BACKEND_KEY.test(key))
      throw new ConfigurationError(
        `backend config key "${key}" is not a terraform backend argument name: use lowercase letters, digits and underscores (e.g. storage_account_name)`,
      );
    return `-backend-config=${key}=${value}`;
  });
}

export function lockTimeoutArgs(lockTimeout: string | undefined): string[] {
  if (lockTimeout === undefined) return [];
  if (!DURATION.test(lockTimeout))
    throw new ConfigurationError(
      `lock timeout "${lockTimeout}" is not a duration terraform understands: write it like 0s, 30s or 5m`,
    );
  return [`-lock-timeout=${lockTimeout}`];
}

export function varFileArgs(varFiles: readonly string[] | undefined): string[] {
  return (varFiles ?? []).map((file) => `-var-file=${file}`);
}

/** A path handed to terraform as a positional argument must not be read as a flag. */
export function positionalPath(path: string, what: string): string {
  if (path === '' || path.startsWith('-'))
    throw new ConfigurationError(`${what} "${path}" must be a file path that does not start with "-"`);
  return path;
}

/** Arguments safe to log or put in an error: values of secret-looking backend settings are hidden. */
export function redactArgs(args: readonly string[]): string[] {
  return args.map((arg) => {
    const match = /^-backend-config=([^=]+)=/.exec(arg);
    return match?.[1] !== undefined && SECRET_KEY.test(match[1]) ? `-backend-config=${match[1]}=***` : arg;
  });
}
