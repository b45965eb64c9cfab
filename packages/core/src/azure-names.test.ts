import { describe, expect, it } from 'vitest';
import { environmentContainerName, fitHyphenName, resourceGroupFor, slugFor } from './azure-names.js';
import { shortHash } from './short-hash.js';

describe('azure names', () => {
  it.each([
    ['feat-pr-123', 40, 'feat-pr-123'],
    ['Feat-PR-123', 40, `feat-pr-123-${shortHash('Feat-PR-123')}`],
    ['a--b', 40, `a-b-${shortHash('a--b')}`],
    ['-a-', 40, `a-${shortHash('-a-')}`],
    ['', 40, shortHash('')],
    ['😀', 40, shortHash('😀')],
    ['a'.repeat(41), 40, `${'a'.repeat(33)}-${shortHash('a'.repeat(41))}`],
    ['ab', 63, `ab-${shortHash('ab')}`],
  ])('fits %j into %d characters as %j', (input, max, expected) => {
    expect(fitHyphenName(input, max, input === 'ab' ? 3 : 1)).toBe(expected);
  });

  it('names per-environment containers, slugs and resource groups', () => {
    expect(environmentContainerName('tfstate', 'feat-pr-123')).toBe('tfstate-feat-pr-123');
    expect(slugFor('feat-pr-123')).toBe('feat-pr-123');
    expect(resourceGroupFor('feat-pr-123')).toBe('rg-feat-pr-123');
  });

  it('keeps a truncated name from ending in a hyphen before the suffix', () => {
    const name = fitHyphenName(`${'a'.repeat(32)}-bbbbbbbbbb`, 40);
    expect(name).toBe(`${'a'.repeat(32)}-${shortHash(`${'a'.repeat(32)}-bbbbbbbbbb`)}`);
  });
});
