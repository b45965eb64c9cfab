import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RequestSample } from '../sli-types.js';
import { isoMillis } from './json-line-scanner.js';
import { readRequestJsonLines } from './request-lines.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slo-scanner-'));
});

async function all(samples: AsyncIterable<RequestSample>): Promise<RequestSample[]> {
  const out: RequestSample[] = [];
  for await (const sample of samples) out.push(sample);
  return out;
}

describe('isoMillis', () => {
  it('agrees with Date.parse on zoned ISO times, fractions of any length included', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1971-01-01T00:00:00Z'),
          max: new Date('2200-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 0, max: 999_999_999 }),
        fc.constantFrom('Z', '+02:00', '-05:30', '+00:00', '+14:00'),
        (date, digits, fraction, zone) => {
          const base = date.toISOString().slice(0, 19);
          const frac = digits === 0 ? '' : `.${String(fraction).padStart(9, '0').slice(0, digits)}`;
          const text = `${base}${frac}${zone}`;
          expect(isoMillis(text)).toBe(Date.parse(text));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('leaves every other shape to Date.parse (NaN)', () => {
    for (const text of [
      '2023-09-08T21:03:10',
      '2023-09-08 21:03:10Z',
      '2023-02-30T00:00:00Z',
      '2023-09-08T24:00:00Z',
      'yesterday',
    ])
      expect(isoMillis(text)).toBeNaN();
  });
});

describe('request lines: the byte scanner and JSON.parse read every line alike', () => {
  const value = fc.oneof(
    fc.double({ min: 0, max: 1e7, noNaN: true }),
    fc.integer({ min: 0, max: 2 ** 40 }),
    fc.constantFrom(0.1, 1e-7, 123.456789012345, 5e2, 1.5e3),
  );
  const text = fc.oneof(fc.string(), fc.constantFrom('chat', '/v1/chat', 'ünï "q" \\ \n', 'a\u2028b'));
  const line = fc.record(
    {
      timestamp: fc.oneof(
        fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }),
        fc.constant('2026-11-21T23:00:00.5+01:00'),
      ),
      durationMs: value,
      success: fc.boolean(),
      status: fc.constantFrom(200, 404, 503, '500', 0),
      name: text,
      url: text,
      ttftMs: value,
      tokens: fc.integer({ min: 0, max: 4000 }),
      extra: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.record({ k: fc.string() })),
    },
    { requiredKeys: ['durationMs', 'success'] },
  );

  it('a file of such lines gives the same requests as its copy that forces JSON.parse on every line', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 40 }), async (generated) => {
        // Lines alike and lines whose keys come in another order: the remembered shape must not mislead.
        const objects = generated.map((o, i) =>
          i % 3 === 1 ? Object.fromEntries(Object.entries(o).reverse()) : o,
        );
        const plain = objects.map((o) => JSON.stringify(o)).join('\n');
        // An escaped key the scanner does not take on: every line of this copy goes through JSON.parse.
        const forced = objects.map((o) => `{"\\u0078":0,${JSON.stringify(o).slice(1)}`).join('\r\n');
        const a = join(dir, 'plain.jsonl');
        const b = join(dir, 'forced.jsonl');
        await writeFile(a, `${plain}\n`);
        await writeFile(b, forced);
        expect(await all(readRequestJsonLines(a))).toEqual(await all(readRequestJsonLines(b)));
      }),
      { numRuns: 150 },
    );
  });

  it('lines longer than the read buffer, a byte order mark and blank lines are read too', async () => {
    const file = join(dir, 'long.jsonl');
    const long = 'x'.repeat(3 * 1024 * 1024);
    await writeFile(
      file,
      `\ufeff{"durationMs":1,"success":true}\n\n   \n{"durationMs":2,"success":false,"name":"${long}"}\n{"durationMs":3,"status":503}`,
    );
    const samples = await all(readRequestJsonLines(file));
    expect(samples.map((s) => [s.durationMs, s.success, s.name?.length])).toEqual([
      [1, true, undefined],
      [2, false, long.length],
      [3, false, undefined],
    ]);
  });
});
