import { describe, expect, it } from 'vitest';
import { jsonErrorOffset, lineAndColumn } from './json-error-offset.js';

describe('jsonErrorOffset', () => {
  it.each([
    ['{"a": 1}', -1],
    ['[1, "x", true, null, {"b": [-1.5e3]}]', -1],
    ['{"a": }', 6],
    ['{"a" 1}', 5],
    ['{"a": 1', 7],
    ['[1,]', 3],
    ['{"a": tru}', 9],
    ['"\\q"', 2],
    ['{} x', 3],
    ['-', 0],
  ])('%j goes wrong at %i', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  it('turns an offset into a 1-based line and column', () => {
    expect(lineAndColumn('{\n  "a" 1\n}', 8)).toEqual({ line: 2, column: 7 });
  });
});
