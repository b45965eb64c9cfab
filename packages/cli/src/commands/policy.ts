import { type Catalog, ConfigurationError, subscriptionFor } from '@terrarium/core';
import {
  applyStoragePolicy,
  generateManagementPolicy,
  readStoragePolicy,
  validateManagementPolicy,
} from '@terrarium/state';
import type { Command, CommandContext, ParsedCommand } from '../command.js';
import { printResult, writeJson } from '../output.js';
import { booleanOption, stringOption } from '../parse-command-line.js';
import { parseSimulationDate, runPolicySimulation } from './policy-simulation.js';

export const policyCommand: Command = {
  name: 'policy',
  summary:
    "Print the storage account's lifecycle policy for the catalog (validated); --apply puts it on the account, --simulate plays it on a date.",
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
    simulate: {
      type: 'boolean',
      description:
        'list what the rules will have tiered and deleted on a date, per blob and rule, from the blobs, versions, snapshots, records and tags in the state account; exit 1 if a state whose record says it is alive goes',
    },
    at: {
      type: 'string',
      valueName: 'date',
      description: 'the date to simulate (2027-01-31 or 2027-01-31T12:00:00Z; default now)',
    },
    'from-account': {
      type: 'boolean',
      description:
        'simulate the policy set on the account (read through Azure Resource Manager) instead of the generated one',
    },
  },
  async run(context, parsed) {
    const catalog = await context.catalog();
    const simulate = booleanOption(parsed, 'simulate');
    if (!simulate && (stringOption(parsed, 'at') !== undefined || booleanOption(parsed, 'from-account')))
      throw new ConfigurationError('--at and --from-account go with --simulate');
    if (simulate && booleanOption(parsed, 'apply'))
      throw new ConfigurationError(
        '--simulate changes nothing and --apply changes the account: give one of them',
      );
    if (simulate) {
      const at = parseSimulationDate(stringOption(parsed, 'at'), new Date());
      if (!booleanOption(parsed, 'from-account'))
        return runPolicySimulation(context, catalog, generateManagementPolicy(catalog).policy, {
          at,
          source: `generated from ${catalog.file}`,
        });
      const { resourceGroup, subscription } = accountOf(
        context,
        catalog,
        parsed,
        'policy --simulate --from-account',
      );
      const onAccount = await readStoragePolicy({
        client: context.azure.storageManagement(subscription),
        resourceGroup,
        accountName: catalog.backend.storageAccount,
      });
      return runPolicySimulation(context, catalog, onAccount, {
        at,
        source: `on account ${catalog.backend.storageAccount}`,
      });
    }
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
    const { resourceGroup, subscription } = accountOf(context, catalog, parsed, 'policy --apply');
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

/** The state account's resource group and subscription, from the flags or the catalog. */
function accountOf(context: CommandContext, catalog: Catalog, parsed: ParsedCommand, purpose: string) {
  const resourceGroup = stringOption(parsed, 'resource-group') ?? catalog.backend.resourceGroup;
  if (!resourceGroup)
    throw new ConfigurationError(
      `${purpose} needs the resource group: pass --resource-group or set backend.resource-group`,
    );
  const subscription = subscriptionFor(catalog, context.env, {
    purpose,
    given: stringOption(parsed, 'subscription'),
    flag: '--subscription',
  });
  return { resourceGroup, subscription };
}
