import { describe, expect, it } from 'vitest';
import { ConfigurationError } from './errors.js';
import { checkNesting, isStackOverflow, MAX_FLOW_DEPTH, MAX_INDENT } from './nesting-guard.js';
import { parseYamlSource } from './yaml-source.js';

const refuse = (text: string) => {
  try {
    checkNesting(text, 'e.yaml');
  } catch (error) {
    if (error instanceof ConfigurationError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
};

describe('checkNesting', () => {
  it.each([
    [
      'a flow bracket bomb',
      `a: ${'['.repeat(400_000)}${']'.repeat(400_000)}\n`,
      'e.yaml:1:54: the YAML is nested too deeply (over 50 levels)',
    ],
    ['nested flow mappings', `a: ${'{b: '.repeat(60)}1${'}'.repeat(60)}\n`, 'e.yaml:1:'],
    [
      'compact sequences on one line',
      `${'- '.repeat(100_000)}x\n`,
      'e.yaml:1:401: the YAML is indented too deeply (over 400 levels)',
    ],
    [
      'deep block indentation',
      `a:\n${' '.repeat(401)}b: 1\n`,
      'e.yaml:2:401: the YAML is indented too deeply',
    ],
  ])('refuses %s before parsing it, with a location', (_what, text, message) => {
    expect(refuse(text)).toContain(message);
  });

  it.each([
    ['brackets inside double quotes', `a: "${'['.repeat(100)}"\n`],
    ['brackets inside single quotes', `a: '${'{'.repeat(100)}'\n`],
    ['brackets in a comment', `a: 1 # ${'['.repeat(100)}\n`],
    ['an apostrophe inside a plain scalar', `a: don't [x]\nb: [${'[1], '.repeat(100)}]\n`],
    ['the deepest flow nesting allowed', `a: ${'['.repeat(MAX_FLOW_DEPTH)}${']'.repeat(MAX_FLOW_DEPTH)}\n`],
    ['the deepest indentation allowed', `a:\n${' '.repeat(MAX_INDENT)}b: 1\n`],
  ])('accepts %s', (_what, text) => {
    expect(() => checkNesting(text, 'e.yaml')).not.toThrow();
    expect(() => parseYamlSource(text, 'e.yaml')).not.toThrow();
  });

  it('recognises a stack overflow and nothing else', () => {
    const overflow = (() => {
      const recurse = (n: number): number => recurse(n + 1) + 1;
      try {
        recurse(0);
      } catch (error) {
        return error;
      }
    })();
    expect(isStackOverflow(overflow)).toBe(true);
    expect(isStackOverflow(new RangeError('Invalid array length'))).toBe(false);
    expect(isStackOverflow(new Error('Maximum call stack size exceeded'))).toBe(false);
  });
});
