import type { ManagementPolicySchema, StorageManagementClient } from '@azure/arm-storage';
import { ConfigurationError, type Logger } from '@terrarium/core';
import type { ManagementPolicyDocument } from '../policy/policy-types.js';
import { validateManagementPolicy } from '../policy/policy-validate.js';

export interface ApplyStoragePolicyOptions {
  client: StorageManagementClient;
  resourceGroup: string;
  accountName: string;
  policy: ManagementPolicyDocument;
  logger: Logger;
  /** How long deleted blobs stay recoverable (blob soft delete), 1-365 days; default 14. */
  softDeleteDays?: number;
  /** How long deleted containers stay recoverable, 1-365 days; default 14. */
  containerSoftDeleteDays?: number;
  /** Keep a change feed (an audit log of every change); off by default, it costs storage. */
  changeFeed?: boolean | { retentionDays: number };
}

export interface AppliedStorageSettings {
  accountName: string;
  rules: number;
  versioning: true;
  softDeleteDays: number;
  containerSoftDeleteDays: number;
  changeFeed: boolean;
  changeFeedRetentionDays: number | undefined;
}

/** The account-wide settings every state account gets: TLS 1.2, no anonymous access, HTTPS only. */
export const SAFE_ACCOUNT_SETTINGS = {
  minimumTlsVersion: 'TLS1_2',
  allowBlobPublicAccess: false,
  enableHttpsTrafficOnly: true,
} as const;

const ACCOUNT = /^[a-z0-9]{3,24}$/;

function checkDays(label: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new ConfigurationError(`${label} must be a whole number of days from 1 to ${max} (got ${value})`);
  return value;
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * Makes the state account safe and puts the lifecycle policy on it: account settings first,
 * then versioning and soft delete (the policy's version actions need versioning on), then the
 * policy named `default` (an account has exactly one). Every call is idempotent.
 */
export async function applyStoragePolicy(
  options: ApplyStoragePolicyOptions,
): Promise<AppliedStorageSettings> {
  const { client, resourceGroup, accountName, logger } = options;
  if (!ACCOUNT.test(accountName))
    throw new ConfigurationError(
      `storage account name "${accountName}" must be 3-24 lowercase letters and digits`,
    );
  if (resourceGroup.trim() === '')
    throw new ConfigurationError(
      'the resource group of the state storage account is empty: set backend.resource-group',
    );
  const policy = validateManagementPolicy(options.policy);
  const softDeleteDays = checkDays('soft delete retention', options.softDeleteDays ?? 14, 365);
  const containerSoftDeleteDays = checkDays(
    'container soft delete retention',
    options.containerSoftDeleteDays ?? 14,
    365,
  );
  const changeFeed = options.changeFeed ?? false;
  const changeFeedRetentionDays =
    typeof changeFeed === 'object'
      ? checkDays('change feed retention', changeFeed.retentionDays, 146_000)
      : undefined;
  const where = `storage account ${accountName} in resource group ${resourceGroup}`;

  try {
    await client.storageAccounts.update(resourceGroup, accountName, { ...SAFE_ACCOUNT_SETTINGS });
    logger.info(`${where}: TLS 1.2 minimum, no public blob access, HTTPS only`);
    await client.blobServices.setServiceProperties(resourceGroup, accountName, {
      isVersioningEnabled: true,
      deleteRetentionPolicy: { enabled: true, days: softDeleteDays },
      containerDeleteRetentionPolicy: { enabled: true, days: containerSoftDeleteDays },
      changeFeed: {
        enabled: changeFeed !== false,
        ...(changeFeedRetentionDays === undefined ? {} : { retentionInDays: changeFeedRetentionDays }),
      },
    });
    logger.info(
      `${where}: versioning on, soft delete ${softDeleteDays} days, container soft delete ${containerSoftDeleteDays} days, change feed ${changeFeed === false ? 'off' : 'on'}`,
    );
    await client.managementPolicies.createOrUpdate(resourceGroup, accountName, 'default', {
      policy: policy.policy,
    });
    logger.info(`${where}: lifecycle policy with ${policy.policy.rules.length} rules applied`);
  } catch (error) {
    const status = statusOf(error);
    if (status === 404)
      throw new ConfigurationError(
        `${where} was not found: check backend.storage-account, backend.resource-group and the subscription`,
      );
    if (status === 403)
      throw new ConfigurationError(
        `not allowed to change ${where}: the identity needs a role such as Storage Account Contributor on it`,
      );
    throw error;
  }
  return {
    accountName,
    rules: policy.policy.rules.length,
    versioning: true,
    softDeleteDays,
    containerSoftDeleteDays,
    changeFeed: changeFeed !== false,
    changeFeedRetentionDays,
  };
}

export interface ReadStoragePolicyOptions {
  client: Pick<StorageManagementClient, 'managementPolicies'>;
  resourceGroup: string;
  accountName: string;
}

/** The lifecycle policy actually on the account (ARM's `default` management policy), as Azure returns it. */
export async function readStoragePolicy(options: ReadStoragePolicyOptions): Promise<ManagementPolicySchema> {
  const { client, resourceGroup, accountName } = options;
  const where = `storage account ${accountName} in resource group ${resourceGroup}`;
  try {
    const stored = await client.managementPolicies.get(resourceGroup, accountName, 'default');
    if (!stored.policy)
      throw new ConfigurationError(`${where} has no lifecycle policy: \`terrarium policy --apply\` sets one`);
    return stored.policy;
  } catch (error) {
    const status = statusOf(error);
    if (status === 404)
      throw new ConfigurationError(
        `${where} has no lifecycle policy, or was not found: check backend.storage-account and backend.resource-group, or set one with \`terrarium policy --apply\``,
      );
    if (status === 403)
      throw new ConfigurationError(
        `not allowed to read the lifecycle policy of ${where}: the identity needs a role such as Reader on it`,
      );
    throw error;
  }
}
