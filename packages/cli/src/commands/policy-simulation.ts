import type { ManagementPolicySchema } from '@azure/arm-storage';
import { type Catalog, ConfigurationError } from '@terrarium/core';
import {
  listPolicyObjects,
  type PolicySimulation,
  policyScopes,
  type SimulatedAction,
  simulatePolicy,
} from '@terrarium/state';
import type { CommandContext } from '../command.js';
import { renderFields, writeJson } from '../output.js';
import { describeListing, progressLine } from '../progress-line.js';
import { renderTable } from '../render-table.js';
import { openStorageSession } from '../storage-session.js';

/** `--at`: a date or a date and time, ISO 8601; midnight UTC for a bare date. */
export function parseSimulationDate(text: string | undefined, now: Date): Date {
  if (text === undefined) return now;
  const value = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text;
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(date.getTime()))
    throw new ConfigurationError(
      `--at "${text}" is not a date: write it as 2027-01-31 or 2027-01-31T12:00:00Z`,
    );
  return date;
}

const day = (date: Date | undefined) => (date ? date.toISOString().replace(/:\d{2}\.\d{3}Z$/, 'Z') : '-');

function describeAction(action: SimulatedAction, versioning: boolean): string {
  if (action.action === 'keep') return action.note ? `keep (${action.note})` : 'keep';
  if (action.action !== 'delete') return `tier ${action.action.replace('tierTo', '')}`;
  if (!versioning || action.version !== 'current') return 'delete';
  return action.goneAt
    ? `delete (its version too, ${day(action.goneAt)})`
    : 'delete (kept as a previous version)';
}

function describeRecord(action: SimulatedAction): string {
  const record = action.record;
  if (!record) return action.kind === 'state' ? 'no record' : '';
  if (record.expiresAt === undefined) return `${record.envId} (long-lived)`;
  return `${record.envId} ${record.alive ? 'alive until' : 'expired'} ${record.expiresAt}`;
}

/**
 * `terrarium policy --simulate`: plays a lifecycle policy (the generated one, or the one on the
 * account) against what the state containers hold now, on a date, and says per blob what it
 * will have done and which rule did it. Exit 1 when it deletes a state whose record says the
 * environment is alive.
 */
export async function runPolicySimulation(
  context: CommandContext,
  catalog: Catalog,
  policy: ManagementPolicySchema,
  options: { at: Date; source: string },
): Promise<number> {
  const storage = openStorageSession(context, catalog);
  const objects = [];
  for (const { container } of policyScopes(catalog)) {
    context.logger.info(`Listing ${container} with versions, snapshots, tags and metadata...`);
    const progress = progressLine(context.terminal);
    const listed = await listPolicyObjects(storage.auth.blobService.getContainerClient(container), (event) =>
      progress.update(() => describeListing(container, event)),
    )
      .catch((error: { statusCode?: number }) => {
        if (error.statusCode === 404) return [];
        throw error;
      })
      .finally(() => progress.clear());
    objects.push(...listed);
  }
  const simulation = simulatePolicy(policy, objects, options.at);
  report(context, simulation, options.source);
  for (const action of simulation.liveStatesDeleted)
    context.logger.error(
      `${action.container}/${action.name} would be deleted on ${day(action.dueAt)} by rule ${action.rule} while the record of ${action.record?.envId} says it lives until ${action.record?.expiresAt ?? 'forever'}`,
    );
  return simulation.liveStatesDeleted.length > 0 ? 1 : 0;
}

function report(context: CommandContext, simulation: PolicySimulation, source: string): void {
  const { actions, versioning } = simulation;
  const count = (name: string) => actions.filter((action) => action.action === name).length;
  if (context.json) {
    writeJson(context, {
      ...simulation,
      policy: source,
      liveStatesDeleted: simulation.liveStatesDeleted.length,
    });
    return;
  }
  context.terminal.out(
    renderTable(
      ['BLOB', 'VERSION', 'ACTION', 'RULE', 'ON', 'RECORD'],
      actions.map((action) => [
        `${action.container}/${action.name}`,
        action.version === 'current' ? 'current' : `${action.version} ${action.id ?? ''}`.trim(),
        describeAction(action, versioning),
        action.rule ?? '-',
        day(action.dueAt),
        describeRecord(action),
      ]),
    ),
  );
  context.terminal.out('\n');
  context.terminal.out(
    renderFields([
      ['policy', source],
      ['on', simulation.at.toISOString()],
      ['versioning', versioning ? 'on (previous versions listed)' : 'off (no versions listed)'],
      ['deleted', String(count('delete'))],
      ['tiered', String(actions.length - count('delete') - count('keep'))],
      ['kept', String(count('keep'))],
      ['live states deleted', String(simulation.liveStatesDeleted.length)],
    ]),
  );
}
