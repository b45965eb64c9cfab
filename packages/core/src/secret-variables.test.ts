import { describe, expect, it } from 'vitest';
import { secretValuesIn } from './secret-variables.js';

describe('secretValuesIn', () => {
  it('finds each credential variable, and the key and SAS inside a connection string', () => {
    const connection =
      'DefaultEndpointsProtocol=https;AccountName=st;AccountKey=a2V5a2V5a2V5;SharedAccessSignature=sv=2024&sig=abc';
    expect(
      secretValuesIn({
        AZURE_STORAGE_CONNECTION_STRING: ` ${connection} `,
        AZURE_CLIENT_SECRET: 'client-secret-value',
        GH_TOKEN: 'ghp_token',
        HOME: '/root',
        ARM_ACCESS_KEY: '',
      }),
    ).toEqual([connection, 'a2V5a2V5a2V5', 'sv=2024&sig=abc', 'client-secret-value', 'ghp_token']);
  });
});
