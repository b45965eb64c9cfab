import { describe, expect, it } from 'vitest';
import { formatAge } from './format-age.js';

describe('formatAge', () => {
  it.each([
    [-5, '0s'],
    [59_999, '59s'],
    [60_000, '1m'],
    [3_599_999, '59m'],
    [3_600_000, '1h'],
    [3_660_000, '1h 1m'],
    [47 * 3_600_000 + 59 * 60_000, '47h 59m'],
    [48 * 3_600_000, '2d'],
    [71 * 3_600_000, '2d 23h'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatAge(ms)).toBe(text);
  });
});
