import { describe, expect, it } from 'vitest';
import { createSecretRedactor, secretsFromEnvironment } from './secret-redactor.js';

const key = Buffer.from('a-very-secret-account-key-0123456789').toString('base64');
const connectionString = `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${key};EndpointSuffix=core.windows.net`;

describe('secret redactor', () => {
  it('replaces a whole connection string, and its key alone, and the key URL-encoded', () => {
    const redactor = createSecretRedactor();
    redactor.add(connectionString);
    const text = `cs=${connectionString} key=${key} url=${encodeURIComponent(key)}`;
    const out = redactor.redact(text);
    expect(out).toBe('cs=*** key=*** url=***');
  });

  it('redacts SAS signatures and account keys it was never told about', () => {
    const redactor = createSecretRedactor();
    expect(redactor.redact('GET https://a.blob.core.windows.net/c?sv=2020&sig=abc%2Fdef&se=1')).toBe(
      'GET https://a.blob.core.windows.net/c?sv=2020&sig=***&se=1',
    );
    expect(redactor.redact('AccountName=x;AccountKey=zzz;')).toBe('AccountName=x;AccountKey=***;');
  });

  it('ignores values too short to be credentials', () => {
    const redactor = createSecretRedactor();
    redactor.add('abc');
    expect(redactor.redact('abc')).toBe('abc');
  });

  it('reads known credential variables from the environment', () => {
    expect(
      secretsFromEnvironment({
        AZURE_STORAGE_CONNECTION_STRING: connectionString,
        ARM_ACCESS_KEY: key,
        HOME: '/root',
      }),
    ).toEqual([connectionString, key]);
  });
});
