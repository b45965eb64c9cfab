import type { OptionSpec } from './command.js';

/** The only way past a typed confirmation without a terminal; never implied by anything else. */
export const YES_OPTION: Record<string, OptionSpec> = {
  yes: { type: 'boolean', short: 'y', description: 'skip the typed confirmation (for scripts; be sure)' },
};
