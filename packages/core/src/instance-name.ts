import type { Catalog, EnvironmentSpec } from './catalog-types.js';
import { ConfigurationError } from './errors.js';
import type { EventContext } from './target-types.js';

export const INSTANCE_MAX = 40;
const INSTANCE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The instance of an ephemeral environment: the explicit one if given, else `pr-<n>` for a pull
 * request, else `run-<run id>`. Long-lived environments have none. Whatever comes back is safe in a
 * state key, a container name and a resource name: it cannot climb out of its environment's prefix.
 */
export function resolveInstance(
  catalog: Catalog,
  env: EnvironmentSpec,
  explicit: string | undefined,
  event: EventContext | undefined,
): string | undefined {
  if (env.kind === 'long-lived') {
    // Records and CLI flags may carry null or '' for "no instance"; only a real value is a mistake.
    if (explicit !== undefined && explicit !== null && explicit !== '') {
      throw new ConfigurationError(
        `environment "${env.name}" is long-lived and has no instances; remove the instance (${describe(explicit)})`,
      );
    }
    return undefined;
  }
  const derived = explicit ?? derive(event);
  if (derived === undefined) {
    throw new ConfigurationError(
      `cannot tell which instance of ephemeral environment "${env.name}" this is: not a pull request and no run id; pass \`instance\` (e.g. instance: pr-123, or --instance pr-123)`,
    );
  }
  checkInstance(catalog, env, derived);
  return derived;
}

function derive(event: EventContext | undefined): string | undefined {
  if (event?.pullRequest !== undefined) return `pr-${event.pullRequest}`;
  if (event?.runId !== undefined && event.runId !== '') return `run-${event.runId}`;
  return undefined;
}

function checkInstance(catalog: Catalog, env: EnvironmentSpec, instance: string): void {
  const problem = (what: string) =>
    new ConfigurationError(
      `instance ${describe(instance)} for environment "${env.name}" ${what}; use 1-${INSTANCE_MAX} lowercase letters, digits and single hyphens, like pr-123 or run-9876543210`,
    );
  if (instance.trim() === '') throw problem('is empty');
  if (instance.length > INSTANCE_MAX) throw problem(`is longer than ${INSTANCE_MAX} characters`);
  if (/[/\\]|\.\./.test(instance))
    throw problem('contains a path separator or "..", which could reach another state');
  if (!INSTANCE.test(instance)) throw problem('contains characters that are not allowed');
  const clash = catalog.environments.find(
    (other) => other.name === instance || other.name === `${env.name}-${instance}`,
  );
  if (clash) {
    throw problem(
      `would be confused with the environment "${clash.name}"; pick an instance that is not an environment's name`,
    );
  }
}

/** The value quoted for a message, without letting control characters or a huge value through. */
function describe(value: string): string {
  const shown = JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value);
  return shown.replace(/[\p{Cc}\p{Cf}]/gu, '?');
}
