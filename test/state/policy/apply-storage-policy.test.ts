import { readFile } from 'node:fs/promises';
import { StorageManagementClient } from '@azure/arm-storage';
import { ConfigurationError, silentLogger } from '@terrarium/core';
import { recordingLogger } from '@terrarium/core/testing';
import { applyStoragePolicy, generateManagementPolicy } from '@terrarium/state';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type ArmFake,
  type ArmFakeOptions,
  armClientOptions,
  armError,
  fakeCredential,
  startArmFake,
} from '../../harness/arm-fake.js';
import { createTestCertificates, type TestCertificates } from '../../harness/tls-cert.js';
import { policyCatalog as catalog } from './policy-catalog.js';

describe('applyStoragePolicy against the ARM fake', () => {
  let fake: ArmFake;
  let client: StorageManagementClient;
  const accountPath = () =>
    `/subscriptions/${fake.subscriptionId}/resourceGroups/rg-tfstate/providers/Microsoft.Storage/storageAccounts/sttfstate001`;

  let certificates: TestCertificates;
  let tls: ArmFakeOptions['tls'];

  beforeAll(async () => {
    certificates = await createTestCertificates();
    tls = {
      certPem: certificates.certPem,
      keyPem: await readFile(certificates.keyFile, 'utf8'),
      caCertPem: certificates.caCertPem,
    };
    fake = await startArmFake({ tls });
    client = new StorageManagementClient(fakeCredential, fake.subscriptionId, armClientOptions(fake));
  });
  afterAll(async () => {
    await fake?.close();
    await certificates?.remove();
  });
  beforeEach(() => {
    fake.requests.length = 0;
    fake.storageAccounts.clear();
  });

  it('sends the documented PATCH, PUT blobServices/default and PUT managementPolicies/default', async () => {
    const account = fake.addStorageAccount('rg-tfstate', 'sttfstate001');
    const policy = generateManagementPolicy(catalog);
    const logger = recordingLogger();
    const applied = await applyStoragePolicy({
      client,
      resourceGroup: 'rg-tfstate',
      accountName: 'sttfstate001',
      policy,
      logger,
      softDeleteDays: 30,
      changeFeed: { retentionDays: 90 },
    });

    expect(fake.requests.map((r) => `${r.method} ${r.path}?api-version=${r.apiVersion}`)).toEqual([
      `PATCH ${accountPath()}?api-version=2025-06-01`,
      `PUT ${accountPath()}/blobServices/default?api-version=2025-06-01`,
      `PUT ${accountPath()}/managementPolicies/default?api-version=2025-06-01`,
    ]);
    expect(fake.requests.every((r) => r.headers.authorization === 'Bearer fake-arm-token')).toBe(true);
    expect(fake.requests[0]?.body).toEqual({
      properties: {
        minimumTlsVersion: 'TLS1_2',
        allowBlobPublicAccess: false,
        supportsHttpsTrafficOnly: true,
      },
    });
    expect(fake.requests[1]?.body).toEqual({
      properties: {
        isVersioningEnabled: true,
        deleteRetentionPolicy: { enabled: true, days: 30 },
        containerDeleteRetentionPolicy: { enabled: true, days: 14 },
        changeFeed: { enabled: true, retentionInDays: 90 },
      },
    });
    expect(fake.requests[2]?.body).toEqual({
      properties: { policy: JSON.parse(JSON.stringify(policy.policy)) },
    });

    expect(account.properties).toMatchObject({
      minimumTlsVersion: 'TLS1_2',
      allowBlobPublicAccess: false,
      supportsHttpsTrafficOnly: true,
    });
    expect(account.managementPolicy?.policy).toEqual(JSON.parse(JSON.stringify(policy.policy)));
    expect(applied).toEqual({
      accountName: 'sttfstate001',
      rules: policy.policy.rules.length,
      versioning: true,
      softDeleteDays: 30,
      containerSoftDeleteDays: 14,
      changeFeed: true,
      changeFeedRetentionDays: 90,
    });
    expect(logger.lines.map((line) => line.message).join('\n')).toContain(
      `lifecycle policy with ${policy.policy.rules.length} rules`,
    );

    // Reading back through the SDK sees what was stored.
    const stored = await client.managementPolicies.get('rg-tfstate', 'sttfstate001', 'default');
    expect(stored.policy?.rules?.map((rule) => rule.name)).toEqual(
      policy.policy.rules.map((rule) => rule.name),
    );
  });

  it('leaves change feed off by default', async () => {
    fake.addStorageAccount('rg-tfstate', 'sttfstate001');
    await applyStoragePolicy({
      client,
      resourceGroup: 'rg-tfstate',
      accountName: 'sttfstate001',
      policy: generateManagementPolicy(catalog),
      logger: silentLogger,
    });
    expect(fake.requests[1]?.body).toMatchObject({ properties: { changeFeed: { enabled: false } } });
  });

  it('turns an unknown account into a ConfigurationError', async () => {
    const attempt = applyStoragePolicy({
      client,
      resourceGroup: 'rg-tfstate',
      accountName: 'sttfstate001',
      policy: generateManagementPolicy(catalog),
      logger: silentLogger,
    });
    await expect(attempt).rejects.toThrow(ConfigurationError);
    await expect(attempt).rejects.toThrow(
      /storage account sttfstate001 in resource group rg-tfstate was not found/,
    );
  });

  it('says which role is missing when ARM answers 403', async () => {
    fake.addStorageAccount('rg-tfstate', 'sttfstate001');
    fake.addRoute({
      method: 'PUT',
      path: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Storage/storageAccounts/{accountName}/managementPolicies/{name}',
      apiVersions: ['2025-06-01'],
      handle: () =>
        armError(403, 'AuthorizationFailed', 'The client does not have authorization to perform action.'),
    });
    try {
      await expect(
        applyStoragePolicy({
          client,
          resourceGroup: 'rg-tfstate',
          accountName: 'sttfstate001',
          policy: generateManagementPolicy(catalog),
          logger: silentLogger,
        }),
      ).rejects.toThrow(/needs a role such as Storage Account Contributor/);
    } finally {
      // A fresh fake for the remaining tests: routes cannot be removed.
      await fake.close();
      fake = await startArmFake({ tls });
      client = new StorageManagementClient(fakeCredential, fake.subscriptionId, armClientOptions(fake));
    }
  });

  it('sends nothing when the policy or the settings are wrong', async () => {
    fake.addStorageAccount('rg-tfstate', 'sttfstate001');
    const base = { client, resourceGroup: 'rg-tfstate', accountName: 'sttfstate001', logger: silentLogger };
    await expect(applyStoragePolicy({ ...base, policy: { policy: { rules: [] } } })).rejects.toThrow(
      /policy.rules is empty/,
    );
    await expect(
      applyStoragePolicy({ ...base, policy: generateManagementPolicy(catalog), softDeleteDays: 400 }),
    ).rejects.toThrow(/soft delete retention must be a whole number of days from 1 to 365/);
    await expect(
      applyStoragePolicy({ ...base, accountName: 'Bad_Name', policy: generateManagementPolicy(catalog) }),
    ).rejects.toThrow(/must be 3-24 lowercase letters and digits/);
    expect(fake.requests).toEqual([]);
  });
});

describe('the ARM fake answers as ARM does', () => {
  let fake: ArmFake;
  beforeAll(async () => {
    fake = await startArmFake();
    fake.addStorageAccount('rg', 'acct1');
  });
  afterAll(async () => {
    await fake?.close();
  });
  const path = () =>
    `/subscriptions/${fake.subscriptionId}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct1`;
  const call = async (url: string, headers: Record<string, string> = { authorization: 'Bearer t' }) => {
    const response = await fetch(`${fake.url}${url}`, { headers });
    return { status: response.status, body: (await response.json()) as { error?: { code: string } } };
  };

  it.each([
    ['no token', () => [`${path()}?api-version=2025-06-01`, {}] as const, 401, 'AuthenticationFailed'],
    ['no api-version', () => [path()] as const, 400, 'MissingApiVersionParameter'],
    [
      'an unknown api-version',
      () => [`${path()}?api-version=2001-01-01`] as const,
      400,
      'NoRegisteredProviderFound',
    ],
    [
      'another subscription',
      () => [`${path().replace(fake.subscriptionId, 'nope')}?api-version=2025-06-01`] as const,
      404,
      'SubscriptionNotFound',
    ],
    [
      'an unknown account',
      () => [`${path().replace('acct1', 'acct2')}?api-version=2025-06-01`] as const,
      404,
      'ResourceNotFound',
    ],
    [
      'a policy not set yet',
      () => [`${path()}/managementPolicies/default?api-version=2025-06-01`] as const,
      404,
      'ManagementPolicyNotFound',
    ],
    [
      'an unknown route',
      () => [`/subscriptions/x/nothing?api-version=2025-06-01`] as const,
      404,
      'InvalidResourceType',
    ],
  ])('refuses %s', async (_label, args, status, code) => {
    const [url, headers] = args();
    const answer = await call(url, headers);
    expect(answer.status).toBe(status);
    expect(answer.body.error?.code).toBe(code);
  });

  it('serves a known account, matching the path case-insensitively', async () => {
    const answer = await call(`${path().toLowerCase()}?api-version=2025-06-01`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ name: 'acct1', type: 'Microsoft.Storage/storageAccounts' });
  });
});
