import { describe, expect, it } from 'vitest';
import { closestMatch, didYouMean } from './did-you-mean.js';

describe('closestMatch', () => {
  it.each([
    ['tll', ['kind', 'ttl', 'safety'], 'ttl'],
    ['storage-acount', ['storage-account', 'container'], 'storage-account'],
    ['Safety', ['kind', 'safety'], 'safety'],
    ['varfiles', ['var-files', 'variables'], 'var-files'],
    ['zzzzzz', ['kind', 'ttl'], undefined],
    ['x', [], undefined],
  ])('%j among %j -> %j', (input, candidates, expected) => {
    expect(closestMatch(input, candidates)).toBe(expected);
  });

  it('phrases a suggestion or says nothing', () => {
    expect(didYouMean('prd', ['prod', 'dev'])).toBe(' Did you mean "prod"?');
    expect(didYouMean('qqqqqqqq', ['prod', 'dev'])).toBe('');
  });
});
