import { resolve } from 'node:path';
import { ConfigurationError } from '@terrarium/core';
import {
  DEFAULT_PRICES,
  estimateStateCost,
  listCostInventory,
  loadPrices,
  monthlyOperations,
  OPERATIONS_PER_RUN,
  STORAGE_TIERS,
} from '@terrarium/state';
import type { Command, ParsedCommand } from '../command.js';
import { renderFields, writeJson } from '../output.js';
import { stringOption } from '../parse-command-line.js';
import { describeListing, progressLine } from '../progress-line.js';
import { renderTable } from '../render-table.js';
import { openStorageSession } from '../storage-session.js';

/** An hourly sweep, as workflows-examples schedules it. */
const SWEEPS_PER_MONTH = 720;

function count(parsed: ParsedCommand, name: string): number | undefined {
  const text = stringOption(parsed, name);
  if (text === undefined) return undefined;
  if (!/^\d{1,9}$/.test(text))
    throw new ConfigurationError(`--${name} "${text}" is not a whole number of runs a month (e.g. 120)`);
  return Number(text);
}

export const costCommand: Command = {
  name: 'cost',
  summary:
    'Estimate what the state store costs a month, by tier, with operations and retrieval, and what tiering saves.',
  arguments: '',
  positionals: { required: 0 },
  options: {
    prices: {
      type: 'string',
      valueName: 'file.json',
      description: 'prices to use instead of the built-in list prices (any subset of them)',
    },
    'runs-per-month': {
      type: 'string',
      valueName: 'n',
      description: 'provision runs a month (default: one a day per environment with a record)',
    },
    'teardowns-per-month': {
      type: 'string',
      valueName: 'n',
      description: 'teardowns a month (default: one per ephemeral environment with a record)',
    },
    'sweeps-per-month': {
      type: 'string',
      valueName: 'n',
      description: `sweeps a month (default ${SWEEPS_PER_MONTH}: hourly)`,
    },
  },
  async run(context, parsed) {
    const catalog = await context.catalog();
    const pricesFile = stringOption(parsed, 'prices');
    const prices = pricesFile ? await loadPrices(resolve(context.cwd, pricesFile)) : DEFAULT_PRICES;
    const storage = openStorageSession(context, catalog);
    context.logger.info(`Listing ${catalog.backend.container} with snapshots and versions...`);
    const progress = progressLine(context.terminal);
    const inventory = await listCostInventory(storage.main, (event) =>
      progress.update(() => describeListing(catalog.backend.container, event)),
    ).finally(() => progress.clear());

    const environments = inventory.environments ?? { ephemeral: 0, longLived: 0 };
    const runs = {
      provisions: count(parsed, 'runs-per-month') ?? 30 * (environments.ephemeral + environments.longLived),
      teardowns: count(parsed, 'teardowns-per-month') ?? environments.ephemeral,
      sweeps: count(parsed, 'sweeps-per-month') ?? SWEEPS_PER_MONTH,
    };
    const assumed = [
      count(parsed, 'runs-per-month') === undefined ? 'runs (one a day per environment)' : undefined,
      count(parsed, 'teardowns-per-month') === undefined
        ? 'teardowns (one per ephemeral environment)'
        : undefined,
      count(parsed, 'sweeps-per-month') === undefined ? 'sweeps (hourly)' : undefined,
    ].filter((text) => text !== undefined);
    // The states' tier is the tier their reads and writes are billed at, and read from.
    const states = inventory.blobs.filter((blob) => blob.kind === 'state');
    const statesTier =
      STORAGE_TIERS.map((tier) => ({ tier, n: states.filter((blob) => blob.tier === tier).length })).sort(
        (a, b) => b.n - a.n,
      )[0]?.tier ?? 'Hot';
    const averageState = states.reduce((sum, blob) => sum + blob.sizeBytes, 0) / Math.max(1, states.length);
    const operations = monthlyOperations(runs);
    const estimate = estimateStateCost(inventory, prices, {
      operations,
      operationsTier: statesTier,
      // Every read a run makes is taken as a state read: an upper bound (some read records).
      readGbPerMonth: (operations.read * averageState) / 1024 ** 3,
    });
    const basis = {
      runsPerMonth: runs,
      operationsPerRun: OPERATIONS_PER_RUN,
      assumed,
      statesTier,
    };
    if (context.json) {
      writeJson(context, { blobs: inventory.blobs.length, ...estimate, operationsBasis: basis });
      return 0;
    }
    const money = (value: number) => `${value.toFixed(4)} ${estimate.currency}`;
    context.terminal.out(
      renderTable(
        ['TIER', 'GB', 'MONTHLY'],
        STORAGE_TIERS.map((tier) => [
          tier,
          estimate.storage[tier].gb.toFixed(6),
          money(estimate.storage[tier].monthly),
        ]),
      ),
    );
    context.terminal.out('\n');
    context.terminal.out(
      renderFields([
        ['blobs', String(inventory.blobs.length)],
        ['storage', money(estimate.storageMonthly)],
        [
          'operations',
          `${money(estimate.operations.monthly)} (${operations.write} writes, ${operations.read} reads, ${operations.list} lists, ${operations.other} other, at ${statesTier} prices)`,
        ],
        [
          'runs a month',
          `${runs.provisions} provisions, ${runs.teardowns} teardowns, ${runs.sweeps} sweeps, each counting the operations measured for one${assumed.length > 0 ? `; assumed: ${assumed.join(', ')}` : ''}`,
        ],
        ['retrieval', money(estimate.retrievalMonthly)],
        ['total a month', money(estimate.monthly)],
        ['all in Hot', money(estimate.allHotMonthly)],
        ['tiering saves', money(estimate.tieringSaving)],
        ['prices', `${estimate.prices.region}, ${estimate.prices.asOf} (${estimate.prices.source})`],
      ]),
    );
    return 0;
  },
};
