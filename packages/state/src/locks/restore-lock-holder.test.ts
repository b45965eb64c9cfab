import { describe, expect, it } from 'vitest';
import { describeLockHolder } from './restore-lock-holder.js';

const encode = (info: object) => Buffer.from(JSON.stringify(info)).toString('base64');

describe('describeLockHolder', () => {
  it.each([
    [
      'terraform lock info',
      {
        terraformlockid: encode({
          ID: 'abc',
          Operation: 'OperationTypePlan',
          Who: 'me@host',
          Created: '2026-11-22T00:00:00Z',
        }),
      },
      'terraform lock abc (OperationTypePlan by me@host since 2026-11-22T00:00:00.000Z)',
    ],
    ['partial info', { terraformlockid: encode({ ID: 'abc' }) }, 'terraform lock abc (? by ? since ?)'],
    ['no metadata', undefined, 'an unknown holder (no terraform lock info on the blob)'],
    [
      'garbage',
      { terraformlockid: 'not base64 json' },
      'an unknown holder (no terraform lock info on the blob)',
    ],
  ])('describes %s', (_label, metadata, expected) => {
    expect(describeLockHolder(metadata)).toBe(expected);
  });
});
