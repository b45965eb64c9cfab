import { jsonFixture } from '@terrarium/terraform/testing';
import { describe, expect, it } from 'vitest';
import { nonSensitiveOutputValues, parseOutputs } from './outputs.js';

const captured = {
  database_connection_string: { sensitive: true, type: 'string', value: 'Server=db;Password=p' },
  environment_url: { sensitive: false, type: 'string', value: 'https://feat-pr-1.example.test' },
  scaling: { sensitive: false, type: ['map', 'number'], value: { instances: 3 } },
};

describe('terraform outputs', () => {
  it('keeps value, sensitivity and type of each output', () => {
    expect(parseOutputs(captured).scaling).toEqual({
      sensitive: false,
      type: ['map', 'number'],
      value: { instances: 3 },
    });
  });

  it('leaves sensitive values out of what may be shown', () => {
    const values = nonSensitiveOutputValues(parseOutputs(captured));
    expect(values).toEqual({ environment_url: 'https://feat-pr-1.example.test', scaling: { instances: 3 } });
    expect(JSON.stringify(values)).not.toContain('Password');
  });

  it('reads the outputs block of a captured state the same way', () => {
    const state = jsonFixture('state-applied.json') as { values: { outputs: unknown } };
    expect(Object.keys(nonSensitiveOutputValues(parseOutputs(state.values.outputs)))).toEqual([
      'environment_url',
      'resource_group',
    ]);
  });

  it.each([null, [], 'x'])('refuses %j', (json) => {
    expect(() => parseOutputs(json)).toThrow(/output -json/);
  });
});
