import { describe, expect, it } from 'vitest';
import { parseCatalog } from './catalog-parse.js';
import { getEnvironment } from './environment-lookup.js';
import { ConfigurationError } from './errors.js';

const catalog = parseCatalog(
  'version: 1\nbackend: {storage-account: demo123}\nterraform: {root-module: infra}\nenvironments:\n  dev: {kind: long-lived}\n  prod: {kind: long-lived}\n',
  '/repo/environments.yaml',
);

describe('getEnvironment', () => {
  it('finds a declared environment', () => {
    expect(getEnvironment(catalog, 'prod').name).toBe('prod');
  });

  it.each([
    ['prd', 'unknown environment "prd"; /repo/environments.yaml declares dev, prod. Did you mean "prod"?'],
    ['staging', 'unknown environment "staging"; /repo/environments.yaml declares dev, prod.'],
    ['', 'unknown environment ""'],
    ['x\n'.repeat(100), `unknown environment "${'x\\n'.repeat(30)}"; `],
  ])('refuses %j and lists the valid names', (name, message) => {
    expect(() => getEnvironment(catalog, name)).toThrow(ConfigurationError);
    expect(() => getEnvironment(catalog, name)).toThrow(message);
  });

  it('never echoes a raw newline from the name it was given', () => {
    expect(() => getEnvironment(catalog, 'a\nb')).toThrow('unknown environment "a\\nb"');
  });
});
