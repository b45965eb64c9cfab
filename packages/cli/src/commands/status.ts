import type { StatusRow } from '@terrarium/state';
import type { Command } from '../command.js';
import { listAllStatus } from '../environment-containers.js';
import { formatAge } from '../format-age.js';
import { formatBytes, writeJson } from '../output.js';
import { booleanOption } from '../parse-command-line.js';
import { describeListing, progressLine } from '../progress-line.js';
import { renderTable } from '../render-table.js';
import { openStorageSession } from '../storage-session.js';

function lockCell(row: StatusRow): string {
  if (row.leaseState !== 'leased') return '-';
  const age = row.lockAgeMs === undefined ? '' : ` ${formatAge(row.lockAgeMs)}`;
  return `${row.lockOperation ?? 'locked'}${age}${row.lockHolder ? ` by ${row.lockHolder}` : ''}`;
}

function expiresCell(row: StatusRow): string {
  if (row.ttlMs === undefined) return '-';
  return row.ttlMs < 0 ? `expired ${formatAge(-row.ttlMs)} ago` : `in ${formatAge(row.ttlMs)}`;
}

export const statusCommand: Command = {
  name: 'status',
  summary: 'List every environment in the state container: state, lock, status and expiry.',
  arguments: '',
  positionals: { required: 0 },
  options: {
    deep: { type: 'boolean', description: 'also read each state for its serial and resource count' },
  },
  async run(context, parsed) {
    const catalog = await context.catalog();
    const storage = openStorageSession(context, catalog);
    const deep = booleanOption(parsed, 'deep');
    if (deep) context.logger.info(`Reading every state in ${catalog.backend.container}...`);
    const progress = progressLine(context.terminal);
    const rows = await listAllStatus(storage, catalog, {
      deep,
      onProgress: (event) => progress.update(() => describeListing(catalog.backend.container, event)),
    }).finally(() => progress.clear());
    if (context.json) {
      writeJson(context, rows);
      return 0;
    }
    if (rows.length === 0) {
      context.terminal.err(
        `No environments in ${storage.auth.accountName}/${catalog.backend.container} yet.\n`,
      );
      return 0;
    }
    const headers = ['ENV ID', 'STATUS', 'STATE', 'SIZE', 'MODIFIED', 'LOCK', 'EXPIRES'];
    if (deep) headers.push('SERIAL', 'RESOURCES');
    context.terminal.out(
      renderTable(
        headers,
        rows.map((row) => {
          const cells = [
            row.envId,
            row.status ?? '-',
            row.stateFound ? (row.stateKey ?? '-') : `${row.stateKey ?? '-'} (no state yet)`,
            formatBytes(row.size),
            row.lastModified ? row.lastModified.toISOString().slice(0, 16).replace('T', ' ') : '-',
            lockCell(row),
            expiresCell(row),
          ];
          if (deep)
            cells.push(row.serial === undefined ? '-' : String(row.serial), String(row.resourceCount ?? '-'));
          return cells;
        }),
      ),
    );
    return 0;
  },
};
