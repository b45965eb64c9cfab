import { resolve } from 'node:path';
import * as core from '@actions/core';
import { ConfigurationError, parseDuration } from '@terrarium/core';

/** An input's trimmed value, or undefined when it is empty. */
export function optionalInput(name: string): string | undefined {
  const value = core.getInput(name).trim();
  return value === '' ? undefined : value;
}

/** A path as a workflow writes it: relative to the workspace (GITHUB_WORKSPACE; the cwd outside a runner). */
export function workspacePath(env: NodeJS.ProcessEnv, path: string): string {
  return resolve(env.GITHUB_WORKSPACE ?? process.cwd(), path);
}

/** A path input made absolute against the workspace, or undefined when it is empty and has no fallback. */
export function pathInput(name: string, env: NodeJS.ProcessEnv, fallback: string): string;
export function pathInput(name: string, env: NodeJS.ProcessEnv): string | undefined;
export function pathInput(name: string, env: NodeJS.ProcessEnv, fallback?: string): string | undefined {
  const value = optionalInput(name) ?? fallback;
  return value === undefined ? undefined : workspacePath(env, value);
}

export function requiredInput(name: string, what: string): string {
  const value = optionalInput(name);
  if (value === undefined) throw new ConfigurationError(`input "${name}" is required: ${what}`);
  return value;
}

export function booleanInput(name: string, fallback: boolean): boolean {
  const value = optionalInput(name);
  if (value === undefined) return fallback;
  // The YAML 1.2 core schema's spellings, as @actions/core's getBooleanInput accepts them.
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new ConfigurationError(`input "${name}" must be true or false, not "${value}"`);
}

/** A duration input in milliseconds; `0` is allowed when `allowZero` (do not wait). */
export function durationInput(
  name: string,
  fallback: string | undefined,
  allowZero = false,
): number | undefined {
  const value = optionalInput(name) ?? fallback;
  if (value === undefined) return undefined;
  if (allowZero && /^0[smhdw]?$/.test(value)) return 0;
  try {
    return parseDuration(value) * 1000;
  } catch (error) {
    throw new ConfigurationError(`input "${name}": ${(error as Error).message}`);
  }
}

export function integerInput(name: string, fallback: number, min: number, max: number): number {
  const value = optionalInput(name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max)
    throw new ConfigurationError(
      `input "${name}" must be a whole number from ${min} to ${max}, not "${value}"`,
    );
  return Number(value);
}
