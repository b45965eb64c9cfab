import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.js';
import { ConfigurationError } from './errors.js';

describe('parseDuration', () => {
  it.each([
    ['45s', 45],
    ['90m', 5400],
    ['72h', 259_200],
    ['3d', 259_200],
    ['2w', 1_209_600],
    ['1h30m', 5400],
    [' 6h ', 21_600],
  ])('%j is %d seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each([
    ['3 days', 'is not a duration; write it like 72h, 3d or 90m'],
    ['', 'is not a duration'],
    ['72', 'is not a duration'],
    ['h', 'is not a duration'],
    ['-3d', 'is not a duration'],
    ['1.5h', 'is not a duration'],
    ['3D', 'is not a duration'],
    ['0h', 'is zero'],
    ['0s0m', 'is zero'],
    ['999999999w', 'longer than ten years'],
    ['1234567890d', 'is not a duration'],
  ])('refuses %j', (text, message) => {
    expect(() => parseDuration(text)).toThrow(ConfigurationError);
    expect(() => parseDuration(text)).toThrow(message);
  });

  it('refuses a value that is not a string', () => {
    expect(() => parseDuration(72 as unknown as string)).toThrow('72 is not a duration');
  });
});
