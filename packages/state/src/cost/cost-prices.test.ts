import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@terrarium/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PRICES, loadPrices, mergePrices } from './cost-prices.js';

describe('price table', () => {
  it('says where and when its figures come from, and that they change', () => {
    expect(DEFAULT_PRICES).toMatchObject({
      currency: 'USD',
      region: 'eastus',
      redundancy: 'LRS',
      asOf: '2025-06',
    });
    expect(DEFAULT_PRICES.note).toMatch(/change/);
    // Cheaper to keep, dearer to touch, tier by tier.
    const { storagePerGbMonth: gb, operationsPer10k: ops } = DEFAULT_PRICES;
    expect(gb.Hot > gb.Cool && gb.Cool > gb.Cold && gb.Cold > gb.Archive).toBe(true);
    expect(
      ops.Hot.read < ops.Cool.read && ops.Cool.read < ops.Cold.read && ops.Cold.read < ops.Archive.read,
    ).toBe(true);
  });

  it('lays a partial override over the defaults without touching them', () => {
    const merged = mergePrices(
      DEFAULT_PRICES,
      {
        region: 'westeurope',
        currency: 'EUR',
        storagePerGbMonth: { Hot: 0.02 },
        operationsPer10k: { Cool: { write: 0.13 } },
      },
      'prices.json',
    );
    expect(merged.region).toBe('westeurope');
    expect(merged.source).toBe('prices.json');
    expect(merged.storagePerGbMonth).toEqual({ ...DEFAULT_PRICES.storagePerGbMonth, Hot: 0.02 });
    expect(merged.operationsPer10k.Cool).toEqual({ ...DEFAULT_PRICES.operationsPer10k.Cool, write: 0.13 });
    expect(DEFAULT_PRICES.storagePerGbMonth.Hot).toBe(0.018);
    expect(DEFAULT_PRICES.operationsPer10k.Cool.write).toBe(0.1);
  });

  it.each([
    ['an array', [], /expected a JSON object of prices/],
    ['an unknown field', { price: 1 }, /unknown field "price"/],
    ['an unknown tier', { storagePerGbMonth: { Premium: 0.1 } }, /storagePerGbMonth.Premium is not a tier/],
    [
      'a negative price',
      { storagePerGbMonth: { Hot: -1 } },
      /storagePerGbMonth.Hot must be a price of 0 or more/,
    ],
    [
      'a string price',
      { operationsPer10k: { Hot: { read: '0.1' } } },
      /operationsPer10k.Hot.read must be a price/,
    ],
    [
      'an unknown operation class',
      { operationsPer10k: { Hot: { delete: 0 } } },
      /delete is not an operation class/,
    ],
  ])('refuses %s', (_label, overrides, message) => {
    expect(() => mergePrices(DEFAULT_PRICES, overrides, 'prices.json')).toThrow(ConfigurationError);
    expect(() => mergePrices(DEFAULT_PRICES, overrides, 'prices.json')).toThrow(message);
  });

  describe('from a JSON file', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'terrarium-prices-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('reads and merges it', async () => {
      const file = join(dir, 'prices.json');
      await writeFile(file, JSON.stringify({ asOf: '2026-11', storagePerGbMonth: { Cool: 0.011 } }));
      const prices = await loadPrices(file);
      expect(prices.asOf).toBe('2026-11');
      expect(prices.storagePerGbMonth.Cool).toBe(0.011);
      expect(prices.source).toBe(file);
    });

    it('says what is wrong with a missing or broken file', async () => {
      await expect(loadPrices(join(dir, 'none.json'))).rejects.toThrow(/cannot be read: check the path/);
      const broken = join(dir, 'broken.json');
      await writeFile(broken, '{ nope');
      await expect(loadPrices(broken)).rejects.toThrow(/is not valid JSON/);
    });
  });
});
