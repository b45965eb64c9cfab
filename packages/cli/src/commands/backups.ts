import { listBackups } from '@terrarium/state';
import type { Command } from '../command.js';
import { formatBytes, writeJson } from '../output.js';
import { renderTable } from '../render-table.js';
import { openStorageSession } from '../storage-session.js';
import { commandTarget, INSTANCE_OPTION } from '../target-option.js';

export const backupsCommand: Command = {
  name: 'backups',
  summary: "List an environment's backups, newest first.",
  arguments: '<env>',
  positionals: { required: 1 },
  options: { ...INSTANCE_OPTION },
  async run(context, parsed) {
    const { catalog, target } = await commandTarget(context, parsed);
    const backups = await listBackups(openStorageSession(context, catalog).main, target.envId);
    if (context.json) {
      writeJson(context, backups);
      return 0;
    }
    if (backups.length === 0) {
      context.terminal.err(
        `No backups of ${target.envId} yet; take one with "terrarium backup ${target.environment}".\n`,
      );
      return 0;
    }
    context.terminal.out(
      renderTable(
        ['NAME', 'CREATED', 'REASON', 'SERIAL', 'SIZE', 'TIER'],
        backups.map((backup) => [
          backup.name,
          backup.createdAt,
          backup.reason,
          Number.isNaN(backup.serial) ? '-' : String(backup.serial),
          formatBytes(backup.sizeBytes),
          backup.tier ?? '-',
        ]),
      ),
    );
    return 0;
  },
};
