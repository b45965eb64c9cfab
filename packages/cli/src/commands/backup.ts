import { createBackup } from '@terrarium/state';
import type { Command } from '../command.js';
import { formatBytes, renderFields, writeJson } from '../output.js';
import { openStorageSession } from '../storage-session.js';
import { INSTANCE_OPTION, targetFrom } from '../target-option.js';

export const backupCommand: Command = {
  name: 'backup',
  summary: "Copy an environment's current state to its backups (reason: manual).",
  arguments: '<env>',
  positionals: { required: 1 },
  options: { ...INSTANCE_OPTION },
  async run(context, parsed) {
    const catalog = await context.catalog();
    const target = targetFrom(catalog, parsed);
    const storage = openStorageSession(context, catalog);
    const backup = await createBackup(storage.main, storage.stateContainerOf(target), target, {
      reason: 'manual',
      logger: context.logger,
    });
    if (context.json) {
      writeJson(context, backup);
      return 0;
    }
    context.terminal.out(
      renderFields([
        ['backup', backup.name],
        ['environment', backup.envId],
        ['state', backup.sourceKey],
        ['serial', String(backup.serial)],
        ['size', formatBytes(backup.sizeBytes)],
        ['created', backup.createdAt],
      ]),
    );
    return 0;
  },
};
