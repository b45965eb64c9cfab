import type { Command } from './command.js';
import { backupCommand } from './commands/backup.js';
import { backupsCommand } from './commands/backups.js';
import { costCommand } from './commands/cost.js';
import { policyCommand } from './commands/policy.js';
import { restoreCommand } from './commands/restore.js';
import { sloAlertsCommand } from './commands/slo-alerts.js';
import { sloHistoryCommand } from './commands/slo-history.js';
import { sloReportCommand } from './commands/slo-report.js';
import { statusCommand } from './commands/status.js';
import { sweepCommand } from './commands/sweep.js';
import { unlockCommand } from './commands/unlock.js';

/** Every command, in the order --help lists them. */
export const COMMANDS: readonly Command[] = [
  statusCommand,
  backupCommand,
  backupsCommand,
  restoreCommand,
  unlockCommand,
  sweepCommand,
  policyCommand,
  costCommand,
  sloReportCommand,
  sloHistoryCommand,
  sloAlertsCommand,
];

/** Commands that take a subcommand (`slo report`, `slo history`, `slo alerts`). */
export const COMMAND_GROUPS: ReadonlySet<string> = new Set(
  COMMANDS.filter((command) => command.name.includes(' ')).map((command) => command.name.split(' ')[0] ?? ''),
);
