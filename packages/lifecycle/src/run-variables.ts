import { ConfigurationError, type EnvironmentSpec, type Target } from '@terrarium/core';

/**
 * The variables one run hands terraform, in one file: the catalog's variables for the
 * environment, then the `vars` input, then `scaling` (catalog scaling merged with
 * `vars.scaling`), then the identity variables, which nothing may override because names,
 * tags and the state key are derived from them.
 */
export function runVariables(
  spec: Pick<EnvironmentSpec, 'variables' | 'scaling'>,
  target: Target,
  vars: Record<string, unknown>,
  inputName = 'vars',
): Record<string, unknown> {
  const clashes = Object.keys(vars).filter((name) => name in target.variables);
  if (clashes.length > 0) {
    throw new ConfigurationError(
      `The \`${inputName}\` input sets ${clashes.map((name) => `"${name}"`).join(', ')}, which Terrarium derives from the environment and instance; remove ${clashes.length === 1 ? 'it' : 'them'}.`,
    );
  }
  const { scaling: extraScaling, ...rest } = vars;
  if (
    extraScaling !== undefined &&
    (extraScaling === null || typeof extraScaling !== 'object' || Array.isArray(extraScaling))
  ) {
    throw new ConfigurationError(
      `The \`${inputName}\` input's "scaling" must be an object such as {"instances": 3}.`,
    );
  }
  return {
    ...spec.variables,
    ...rest,
    scaling: { ...spec.scaling, ...((extraScaling as Record<string, unknown> | undefined) ?? {}) },
    ...target.variables,
  };
}
