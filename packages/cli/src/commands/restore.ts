import { backupPrefix, restoreState } from '@terrarium/state';
import type { Command } from '../command.js';
import { printResult } from '../output.js';
import { booleanOption } from '../parse-command-line.js';
import { openStorageSession } from '../storage-session.js';
import { commandTarget, INSTANCE_OPTION } from '../target-option.js';
import { confirmationWord, confirmTyped } from '../typed-confirmation.js';
import { YES_OPTION } from '../yes-option.js';

export const restoreCommand: Command = {
  name: 'restore',
  summary: "Put a backup back as an environment's state (the current state is backed up first).",
  arguments: '<env> <backup-name>',
  positionals: { required: 2 },
  options: {
    ...INSTANCE_OPTION,
    force: { type: 'boolean', description: 'allow rolling the serial back to an older backup' },
    ...YES_OPTION,
  },
  async run(context, parsed) {
    const { catalog, target } = await commandTarget(context, parsed);
    const given = parsed.positionals[1] ?? '';
    // `backups` prints full blob names; the file part alone is accepted too.
    const backupName = given.includes('/') ? given : `${backupPrefix(target.envId)}${given}`;
    const word = confirmationWord(target);
    if (word !== undefined) {
      const confirmed = await confirmTyped(context.terminal, {
        word,
        action: `Restoring ${backupName} replaces the state of ${target.envId} (${target.safety} safety)`,
        yes: booleanOption(parsed, 'yes'),
      });
      if (!confirmed) {
        context.terminal.err('Not confirmed; nothing was changed.\n');
        return 1;
      }
    }
    const storage = openStorageSession(context, catalog);
    const result = await restoreState({
      container: storage.main,
      stateContainer: storage.stateContainerOf(target),
      target,
      backupName,
      force: booleanOption(parsed, 'force'),
      logger: context.logger,
    });
    return printResult(context, result, [
      ['restored', result.restoredFrom],
      ['state', `${target.stateContainer}/${target.stateKey}`],
      ['serial', `${result.previousSerial ?? 'none'} -> ${result.newSerial}`],
      ['previous state', result.preRestoreBackup?.name ?? '(there was none)'],
    ]);
  },
};
