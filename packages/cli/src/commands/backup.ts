import { createBackup } from '@terrarium/state';
import type { Command } from '../command.js';
import { formatBytes, printResult } from '../output.js';
import { openStorageSession } from '../storage-session.js';
import { commandTarget, INSTANCE_OPTION } from '../target-option.js';

export const backupCommand: Command = {
  name: 'backup',
  summary: "Copy an environment's current state to its backups (reason: manual).",
  arguments: '<env>',
  positionals: { required: 1 },
  options: { ...INSTANCE_OPTION },
  async run(context, parsed) {
    const { catalog, target } = await commandTarget(context, parsed);
    const storage = openStorageSession(context, catalog);
    const backup = await createBackup(storage.main, storage.stateContainerOf(target), target, {
      reason: 'manual',
      logger: context.logger,
    });
    return printResult(context, backup, [
      ['backup', backup.name],
      ['environment', backup.envId],
      ['state', backup.sourceKey],
      ['serial', String(backup.serial)],
      ['size', formatBytes(backup.sizeBytes)],
      ['created', backup.createdAt],
    ]);
  },
};
