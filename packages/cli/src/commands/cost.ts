import { resolve } from 'node:path';
import {
  DEFAULT_PRICES,
  estimateStateCost,
  listCostInventory,
  loadPrices,
  STORAGE_TIERS,
} from '@terrarium/state';
import type { Command } from '../command.js';
import { renderFields, writeJson } from '../output.js';
import { stringOption } from '../parse-command-line.js';
import { describeListing, progressLine } from '../progress-line.js';
import { renderTable } from '../render-table.js';
import { openStorageSession } from '../storage-session.js';

export const costCommand: Command = {
  name: 'cost',
  summary: 'Estimate what the state store costs a month, by tier, and what tiering saves.',
  arguments: '',
  positionals: { required: 0 },
  options: {
    prices: {
      type: 'string',
      valueName: 'file.json',
      description: 'prices to use instead of the built-in list prices (any subset of them)',
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
    const estimate = estimateStateCost(inventory, prices);
    if (context.json) {
      writeJson(context, { blobs: inventory.blobs.length, ...estimate });
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
        ['operations', money(estimate.operations.monthly)],
        ['total a month', money(estimate.monthly)],
        ['all in Hot', money(estimate.allHotMonthly)],
        ['tiering saves', money(estimate.tieringSaving)],
        ['prices', `${estimate.prices.region}, ${estimate.prices.asOf} (${estimate.prices.source})`],
      ]),
    );
    return 0;
  },
};
