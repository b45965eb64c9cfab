import { type Catalog, resolveTarget, type Target } from '@terrarium/core';
import type { CommandContext, OptionSpec, ParsedCommand } from './command.js';
import { stringOption } from './parse-command-line.js';

export const INSTANCE_OPTION: Record<string, OptionSpec> = {
  instance: {
    type: 'string',
    valueName: 'name',
    description: 'instance of an ephemeral environment (pr-123, run-9876543210)',
  },
};

/** The environment instance a command acts on: `<env>` plus `--instance` for ephemeral ones. */
export async function commandTarget(
  context: CommandContext,
  parsed: ParsedCommand,
): Promise<{ catalog: Catalog; target: Target }> {
  const catalog = await context.catalog();
  const target = resolveTarget(catalog, {
    environment: parsed.positionals[0] ?? '',
    instance: stringOption(parsed, 'instance'),
  });
  return { catalog, target };
}
