import { ConfigurationError, subscriptionFor } from '@terrarium/core';
import { applyStoragePolicy, generateManagementPolicy, validateManagementPolicy } from '@terrarium/state';
import type { Command } from '../command.js';
import { printResult, writeJson } from '../output.js';
import { booleanOption, stringOption } from '../parse-command-line.js';

export const policyCommand: Command = {
  name: 'policy',
  summary:
    "Print the storage account's lifecycle policy for the catalog (validated); --apply puts it on the account.",
  arguments: '',
  positionals: { required: 0 },
  options: {
    apply: {
      type: 'boolean',
      description: 'also set it on the account, with versioning, soft delete and safe account settings',
    },
    'resource-group': {
      type: 'string',
      valueName: 'name',
      description: "the state account's resource group (default: backend.resource-group)",
    },
    subscription: {
      type: 'string',
      valueName: 'id',
      description: 'its subscription (default: backend.subscription-id, then AZURE_SUBSCRIPTION_ID)',
    },
  },
  async run(context, parsed) {
    const catalog = await context.catalog();
    const policy = validateManagementPolicy(
      generateManagementPolicy(catalog),
      `the policy generated from ${catalog.file}`,
    );
    if (!booleanOption(parsed, 'apply')) {
      // The document itself is the result, for people and machines alike: `az storage account
      // management-policy create --policy @file` takes exactly this.
      writeJson(context, policy);
      return 0;
    }
    const resourceGroup = stringOption(parsed, 'resource-group') ?? catalog.backend.resourceGroup;
    if (!resourceGroup) {
      throw new ConfigurationError(
        'policy --apply needs the resource group: pass --resource-group or set backend.resource-group',
      );
    }
    const subscription = subscriptionFor(catalog, context.env, {
      purpose: 'policy --apply',
      given: stringOption(parsed, 'subscription'),
      flag: '--subscription',
    });
    const applied = await applyStoragePolicy({
      client: context.azure.storageManagement(subscription),
      resourceGroup,
      accountName: catalog.backend.storageAccount,
      policy,
      logger: context.logger,
    });
    return printResult(context, { applied, policy }, [
      ['account', `${applied.accountName} (resource group ${resourceGroup})`],
      ['lifecycle rules', String(applied.rules)],
      ['versioning', 'on'],
      ['soft delete', `${applied.softDeleteDays} days (containers ${applied.containerSoftDeleteDays} days)`],
      ['change feed', applied.changeFeed ? 'on' : 'off'],
    ]);
  },
};
