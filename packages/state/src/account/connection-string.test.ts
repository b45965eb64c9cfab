import { ConfigurationError } from '@terrarium/core';
import { describe, expect, it } from 'vitest';
import { parseConnectionString } from './connection-string.js';

const KEY = Buffer.from('not-a-real-key-but-base64').toString('base64');

describe('parseConnectionString', () => {
  it.each([
    [
      'an Azure account key string',
      `DefaultEndpointsProtocol=https;AccountName=tfstateprod;AccountKey=${KEY};EndpointSuffix=core.windows.net`,
      {
        accountName: 'tfstateprod',
        accountKey: KEY,
        sasToken: undefined,
        blobEndpoint: 'https://tfstateprod.blob.core.windows.net',
      },
    ],
    [
      'the emulator, whose BlobEndpoint carries the account in the path',
      `DefaultEndpointsProtocol=http;AccountName=terrariumtest;AccountKey=${KEY};BlobEndpoint=http://127.0.0.1:10000/terrariumtest/;`,
      {
        accountName: 'terrariumtest',
        accountKey: KEY,
        sasToken: undefined,
        blobEndpoint: 'http://127.0.0.1:10000/terrariumtest',
      },
    ],
    [
      'a SAS string without AccountName',
      'BlobEndpoint=https://tfstatedev.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02&sig=abc%3D',
      {
        accountName: 'tfstatedev',
        accountKey: undefined,
        sasToken: 'sv=2022-11-02&sig=abc%3D',
        blobEndpoint: 'https://tfstatedev.blob.core.windows.net',
      },
    ],
    [
      'a sovereign cloud suffix',
      `AccountName=gov1;AccountKey=${KEY};EndpointSuffix=core.usgovcloudapi.net`,
      {
        accountName: 'gov1',
        accountKey: KEY,
        sasToken: undefined,
        blobEndpoint: 'https://gov1.blob.core.windows.net'.replace(
          'core.windows.net',
          'core.usgovcloudapi.net',
        ),
      },
    ],
  ])('reads %s', (_name, text, expected) => {
    expect(parseConnectionString(text)).toEqual(expected);
  });

  it.each([
    ['garbage', 'just-a-key-pasted-here'],
    ['no account', `AccountKey=${KEY}`],
    ['no credential', 'AccountName=tfstateprod;EndpointSuffix=core.windows.net'],
  ])('rejects %s with a ConfigurationError that never repeats the secret', (_name, text) => {
    let caught: unknown;
    try {
      parseConnectionString(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigurationError);
    expect((caught as Error).message).toMatch(/AZURE_STORAGE_CONNECTION_STRING/);
    expect((caught as Error).message).not.toContain(KEY);
    expect((caught as Error).message).not.toContain('just-a-key-pasted-here');
  });
});
