import { describe, expect, it } from 'vitest';
import { ConfigurationError } from './errors.js';
import { MAX_SOURCE_BYTES, parseYamlSource } from './yaml-source.js';

function failure(text: string): ConfigurationError {
  try {
    parseYamlSource(text, 'environments.yaml');
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('parseYamlSource', () => {
  it('locates values and keys by path, 1-based', () => {
    const source = parseYamlSource('a: 1\nenvironments:\n  feat:\n    ttl: 3 days\n', 'x.yaml');
    expect(source.value).toEqual({ a: 1, environments: { feat: { ttl: '3 days' } } });
    expect(source.locate(['environments', 'feat', 'ttl'])).toEqual({ file: 'x.yaml', line: 4, column: 10 });
    expect(source.locate(['environments', 'feat', 'ttl'], 'key')).toEqual({
      file: 'x.yaml',
      line: 4,
      column: 5,
    });
    // A path that does not exist points at the deepest parent that does.
    expect(source.locate(['environments', 'feat', 'nope'])).toEqual({ file: 'x.yaml', line: 4, column: 5 });
  });

  it('locates list items', () => {
    const source = parseYamlSource('files:\n  - a\n  - b\n', 'x.yaml');
    expect(source.locate(['files', '1'])).toEqual({ file: 'x.yaml', line: 3, column: 5 });
  });

  it.each([
    ['a: 1\nb: 2\na: 3\n', 'environments.yaml:3:1: invalid YAML: "a": this key appears twice'],
    ['', 'environments.yaml: the file is empty'],
    ['# only a comment\n', 'environments.yaml: the file is empty'],
    ['~\n', 'environments.yaml: the file is empty'],
    ['- a\n- b\n', 'environments.yaml:1:1: the top level must be a mapping'],
    ['just text\n', 'the top level must be a mapping'],
    ['a: 1\n---\nb: 2\n', 'invalid YAML'],
    ['a: [1, 2\n', 'environments.yaml:2:1: invalid YAML'],
    [
      'a: *missing\n',
      'Unresolved alias (the anchor must be set before the alias): missing; define each &anchor',
    ],
  ])('refuses %j', (text, message) => {
    expect(failure(text).message).toContain(message);
  });

  it('stops a billion-laughs bomb with a clear message', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) {
      lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
    }
    const error = failure(`${lines.join('\n')}\n`);
    expect(error.message).toMatch(/expands YAML aliases .* more than 100 times/);
  });

  it('allows a few aliases, which catalogs use to share blocks', () => {
    const source = parseYamlSource('base: &base {location: westeurope}\ndev: *base\ntest: *base\n', 'x.yaml');
    expect(source.value.test).toEqual({ location: 'westeurope' });
  });

  it('refuses files over 1 MiB before parsing them', () => {
    const text = `a: "${'x'.repeat(MAX_SOURCE_BYTES)}"\n`;
    expect(failure(text).message).toMatch(/^environments\.yaml: the file is larger than 1048576 bytes/);
  });

  it('counts bytes, not characters', () => {
    const text = `a: "${'é'.repeat(MAX_SOURCE_BYTES / 2)}"\n`;
    expect(failure(text).message).toContain('larger than');
  });
});
