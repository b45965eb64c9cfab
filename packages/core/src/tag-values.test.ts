import { describe, expect, it } from 'vitest';
import { shortHash } from './short-hash.js';
import { isValidTagName, isValidTagValue, safeText } from './tag-values.js';

describe('tag values', () => {
  it.each([
    ['feature/login', 'feature/login'],
    ['ünïcødé/ブランチ', 'ünïcødé/ブランチ'],
    ['$(rm -rf /)', '$(rm -rf /)'],
    ['a\nb', `a_b~${shortHash('a\nb')}`],
    ['a<b>&c%d?e\\f', `a_b__c_d_e_f~${shortHash('a<b>&c%d?e\\f')}`],
    ['rtl\u202eevil', `rtl_evil~${shortHash('rtl\u202eevil')}`],
    ['lone\ud800', `lone_~${shortHash('lone\ud800')}`],
  ])('makes %j safe as %j', (input, expected) => {
    expect(safeText(input)).toBe(expected);
    expect(isValidTagValue(safeText(input))).toBe(true);
  });

  it('truncates to 256 characters without splitting a surrogate pair', () => {
    const long = '😀'.repeat(200);
    const safe = safeText(long);
    expect(safe.length).toBeLessThanOrEqual(256);
    expect(safe).toMatch(/^(😀)+~[0-9a-f]{6}$/u);
    expect(safeText('x'.repeat(256))).toBe('x'.repeat(256));
    expect(safeText('x'.repeat(257))).toHaveLength(256);
  });

  it.each([
    ['terrarium-env-id', true],
    ['managed-by', true],
    ['a/b', false],
    ['a?b', false],
    ['', false],
    ['x'.repeat(513), false],
    ['x'.repeat(512), true],
  ])('tag name %j valid: %s', (name, valid) => {
    expect(isValidTagName(name)).toBe(valid);
  });
});
