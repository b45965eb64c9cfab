import { isConfigurationError } from '@terrarium/core';
import { describe, expect, it } from 'vitest';
import { explainStorageError } from './storage-error-explanation.js';

function restError(statusCode: number, code: string, url: string) {
  return Object.assign(new Error(code), { statusCode, code, request: { url } });
}

describe('explainStorageError', () => {
  it.each([
    ['http://127.0.0.1:10000/acct/tfstate?restype=container&comp=list', 'acct', 'tfstate'],
    ['https://acct.blob.core.windows.net/tfstate?restype=container', 'acct', 'tfstate'],
  ])('names the container and account of a ContainerNotFound (%s)', (url, account, container) => {
    const explained = explainStorageError(restError(404, 'ContainerNotFound', url));
    expect(isConfigurationError(explained)).toBe(true);
    expect((explained as Error).message).toContain(
      `container "${container}" does not exist in storage account ${account}`,
    );
  });

  it('turns refused credentials into what to check', () => {
    const explained = explainStorageError(
      restError(403, 'AuthenticationFailed', 'https://acct.blob.core.windows.net/x'),
    );
    expect(isConfigurationError(explained)).toBe(true);
    expect((explained as Error).message).toContain(
      'storage account acct refused the credentials (AuthenticationFailed)',
    );
  });

  it('names the account it could not reach, from the URL or as given', () => {
    const unreachable = Object.assign(new Error('connect ECONNREFUSED'), {
      code: 'REQUEST_SEND_ERROR',
      request: { url: 'https://acct.blob.core.windows.net/tfstate' },
    });
    expect((explainStorageError(unreachable) as Error).message).toContain(
      'could not reach storage account acct',
    );
    const bare = Object.assign(new Error('refused'), { statusCode: 403, code: 'AuthorizationFailure' });
    expect((explainStorageError(bare, 'stateacct') as Error).message).toContain(
      'storage account stateacct refused the credentials (AuthorizationFailure)',
    );
  });

  it.each([
    restError(404, 'BlobNotFound', 'https://acct.blob.core.windows.net/x/y'),
    restError(500, 'InternalError', 'https://acct.blob.core.windows.net/x'),
    new TypeError('x is undefined'),
    'a string',
  ])('leaves anything else as it was: %s', (error) => {
    expect(explainStorageError(error)).toBe(error);
  });
});
