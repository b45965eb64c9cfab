import { type Catalog, resolveTarget, type Target } from '@terrarium/core';
import type { OptionSpec, ParsedCommand } from './command.js';
import { stringOption } from './parse-command-line.js';

export const INSTANCE_OPTION: Record<string, OptionSpec> = {
  instance: {
    type: 'string',
    valueName: 'name',
    description: 'instance of an ephemeral environment (pr-123, run-9876543210)',
  },
};

/** The environment instance a command acts on: `<env>` plus `--instance` for ephemeral ones. */
export function targetFrom(catalog: Catalog, parsed: ParsedCommand): Target {
  return resolveTarget(catalog, {
    environment: parsed.positionals[0] ?? '',
    instance: stringOption(parsed, 'instance'),
  });
}
