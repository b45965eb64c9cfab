import { describe, expect, it } from 'vitest';
import { ConfigurationError } from './errors.js';
import { subscriptionFor } from './subscription-lookup.js';

const withCatalog = (subscriptionId?: string) => ({ backend: { subscriptionId } }) as never;

describe('subscriptionFor', () => {
  it('takes the given one, then the catalog, then AZURE_SUBSCRIPTION_ID, then ARM_SUBSCRIPTION_ID', () => {
    const env = { AZURE_SUBSCRIPTION_ID: 'env-azure', ARM_SUBSCRIPTION_ID: 'env-arm' };
    expect(subscriptionFor(withCatalog('cat'), env, { purpose: 'x', given: 'flag' })).toBe('flag');
    expect(subscriptionFor(withCatalog('cat'), env, { purpose: 'x', given: undefined })).toBe('cat');
    expect(subscriptionFor(withCatalog(), env, { purpose: 'x' })).toBe('env-azure');
    expect(subscriptionFor(withCatalog(), { ARM_SUBSCRIPTION_ID: 'env-arm' }, { purpose: 'x' })).toBe(
      'env-arm',
    );
  });

  it('says where to set one, naming the flag only where the caller has one', () => {
    expect(() =>
      subscriptionFor(withCatalog(), {}, { purpose: 'policy --apply', flag: '--subscription' }),
    ).toThrow(
      new ConfigurationError(
        'policy --apply needs an Azure subscription: pass --subscription, set backend.subscription-id in the catalog or set AZURE_SUBSCRIPTION_ID',
      ),
    );
    expect(() => subscriptionFor(withCatalog(), {}, { purpose: 'The orphan sweep' })).toThrow(
      'The orphan sweep needs an Azure subscription: set backend.subscription-id in the catalog or set AZURE_SUBSCRIPTION_ID',
    );
  });
});
