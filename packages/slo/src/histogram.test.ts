import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXACT_LIMIT, Histogram, RELATIVE_ERROR } from './histogram.js';

function exactPercentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1] ?? Number.NaN;
}

describe('Histogram', () => {
  it('is exact for small inputs (nearest rank)', () => {
    const h = new Histogram();
    for (const v of [5, 1, 4, 2, 3, 10, 9, 8, 7, 6]) h.add(v);
    expect([h.percentile(50), h.percentile(90), h.percentile(95), h.percentile(99)]).toEqual([5, 9, 10, 10]);
    expect(h.isExact).toBe(true);
    expect(h.mean).toBe(5.5);
  });

  it('stays within the stated relative error once it stops keeping values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 1e6, noNaN: true }), {
          minLength: EXACT_LIMIT + 1,
          maxLength: 6000,
        }),
        fc.constantFrom(50, 90, 95, 99, 99.9),
        (values, p) => {
          const h = new Histogram();
          for (const v of values) h.add(v);
          expect(h.isExact).toBe(false);
          const exact = exactPercentile(values, p);
          const got = h.percentile(p) ?? Number.NaN;
          expect(Math.abs(got - exact) / exact).toBeLessThanOrEqual(RELATIVE_ERROR + 1e-9);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('reports zeros as the smallest value and is empty without samples', () => {
    const h = new Histogram();
    expect(h.percentile(50)).toBeUndefined();
    for (let i = 0; i < EXACT_LIMIT + 10; i += 1) h.add(i < 100 ? 0 : 5);
    expect(h.percentile(1)).toBe(0);
    expect(h.percentile(99)).toBeCloseTo(5, 1);
  });
});
