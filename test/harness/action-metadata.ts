import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** What a runner reads from an action's action.yml before it starts `runs.main`. */
export interface ActionMetadata {
  main: string;
  using: string;
  inputs: Map<string, { default: string | undefined; required: boolean }>;
  outputs: string[];
}

interface RawAction {
  runs?: { using?: string; main?: string };
  inputs?: Record<string, { default?: unknown; required?: unknown } | null>;
  outputs?: Record<string, unknown>;
}

export function readActionMetadata(actionDir: string): ActionMetadata {
  const raw = parse(readFileSync(join(actionDir, 'action.yml'), 'utf8')) as RawAction;
  if (!raw.runs?.main || !raw.runs.using?.startsWith('node')) {
    throw new Error(`${actionDir}/action.yml: expected runs.using node* with runs.main`);
  }
  const inputs = new Map<string, { default: string | undefined; required: boolean }>();
  for (const [name, spec] of Object.entries(raw.inputs ?? {})) {
    const value = spec?.default;
    inputs.set(name, {
      default: value === undefined || value === null ? undefined : String(value),
      required: spec?.required === true,
    });
  }
  return {
    main: raw.runs.main,
    using: raw.runs.using,
    inputs,
    outputs: Object.keys(raw.outputs ?? {}),
  };
}

/**
 * Fills an input default as a runner does. Only the contexts a default of ours may use are known;
 * anything else is an error rather than a silently wrong value.
 */
export function evaluateDefault(value: string, context: Record<string, string>): string {
  return value.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_match, name: string) => {
    const known = context[name];
    if (known === undefined)
      throw new Error(`the runner stand-in cannot evaluate \${{ ${name} }} in an input default`);
    return known;
  });
}
