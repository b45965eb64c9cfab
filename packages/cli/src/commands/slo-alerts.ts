import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generateAlertRules, readSloFile } from '@terrarium/slo';
import type { Command } from '../command.js';
import { renderFields, writeJson } from '../output.js';
import { stringOption } from '../parse-command-line.js';

function ruleCount(document: Record<string, unknown>): number {
  const resources = document.resource as Record<string, Record<string, unknown>> | undefined;
  return Object.values(resources ?? {}).reduce((sum, rules) => sum + Object.keys(rules).length, 0);
}

export const sloAlertsCommand: Command = {
  name: 'slo alerts',
  summary: 'Write burn-rate alert rules for an SLO file as Terraform JSON (*.tf.json).',
  arguments: '<slo-file>',
  positionals: { required: 1 },
  options: {
    out: { type: 'string', valueName: 'dir', description: 'folder to write into (default: the current one)' },
  },
  async run(context, parsed) {
    const spec = await readSloFile(resolve(context.cwd, parsed.positionals[0] ?? ''));
    // The logger, so a pair that can never fire is said on stderr, not only inside the file.
    const document = generateAlertRules(spec, { logger: context.logger });
    const dir = resolve(context.cwd, stringOption(parsed, 'out') ?? '.');
    await mkdir(dir, { recursive: true });
    const file = join(dir, `slo-alerts-${spec.name.replace(/[^A-Za-z0-9_-]/g, '-')}.tf.json`);
    await writeFile(file, `${JSON.stringify(document, null, 2)}\n`);
    const rules = ruleCount(document);
    if (context.json) writeJson(context, { file, rules });
    else
      context.terminal.out(
        renderFields([
          ['wrote', file],
          ['alert rules', String(rules)],
        ]),
      );
    return 0;
  },
};
