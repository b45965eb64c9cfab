import { describe, expect, it } from 'vitest';
import { planChanged } from './plan-exit-code.js';

describe('plan -detailed-exitcode', () => {
  it.each([
    [0, false],
    [2, true],
    [1, undefined],
    [3, undefined],
    [null, undefined],
  ] as const)('exit code %s means changed=%s', (code, changed) => {
    expect(planChanged(code)).toBe(changed);
  });
});
