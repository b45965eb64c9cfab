import { parseDuration, subscriptionFor } from '@terrarium/core';
import {
  DEFAULT_SWEEP_CONCURRENCY,
  ENV_ID_TAG,
  type SweepResult,
  sweepEnvironments,
} from '@terrarium/lifecycle';
import { wireRun } from '@terrarium/runtime';
import type { Command, CommandContext } from '../command.js';
import { writeJson } from '../output.js';
import { booleanOption, integerOption, stringOption } from '../parse-command-line.js';
import { renderTable } from '../render-table.js';
import { confirmTyped } from '../typed-confirmation.js';
import { YES_OPTION } from '../yes-option.js';

const DEFAULT_LOCK_TIMEOUT = '5m';

export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'Tear down ephemeral environments that expired, lost their pull request, or were abandoned.',
  arguments: '',
  positionals: { required: 0 },
  options: {
    'dry-run': { type: 'boolean', description: 'only say what would be torn down or deleted' },
    concurrency: {
      type: 'string',
      valueName: 'n',
      description: `environments torn down at once (default ${DEFAULT_SWEEP_CONCURRENCY})`,
    },
    'lock-timeout': {
      type: 'string',
      valueName: 'duration',
      description: `how long terraform waits for a state lock (default ${DEFAULT_LOCK_TIMEOUT})`,
    },
    orphans: {
      type: 'boolean',
      description: `also list resource groups tagged ${ENV_ID_TAG} that no environment record owns`,
    },
    'delete-orphans': {
      type: 'boolean',
      description: 'also delete those resource groups (asks for a typed confirmation)',
    },
    subscription: {
      type: 'string',
      valueName: 'id',
      description: 'where to look for orphans (default: backend.subscription-id, then AZURE_SUBSCRIPTION_ID)',
    },
    ...YES_OPTION,
  },
  async run(context, parsed) {
    const concurrency = integerOption(parsed, 'concurrency', sweepCommand);
    const lockTimeoutMs = parseDuration(stringOption(parsed, 'lock-timeout') ?? DEFAULT_LOCK_TIMEOUT) * 1000;
    const dryRun = booleanOption(parsed, 'dry-run');
    const deleteOrphans = booleanOption(parsed, 'delete-orphans');
    const listOrphans = deleteOrphans || booleanOption(parsed, 'orphans');
    const catalog = await context.catalog();
    const resourceGroups = listOrphans
      ? context.azure.resourceGroups(
          subscriptionFor(catalog, context.env, {
            purpose: 'Looking for orphan resource groups',
            given: stringOption(parsed, 'subscription'),
            flag: '--subscription',
          }),
        )
      : undefined;
    if (deleteOrphans && !dryRun) {
      const confirmed = await confirmTyped(context.terminal, {
        word: 'delete',
        action: `Delete every resource group tagged ${ENV_ID_TAG} that no environment record owns (everything in them goes too)`,
        yes: booleanOption(parsed, 'yes'),
      });
      if (!confirmed) {
        context.terminal.err('Not confirmed; nothing was changed.\n');
        return 1;
      }
    }
    const token = context.env.GITHUB_TOKEN ?? context.env.GH_TOKEN;
    const repository = context.env.GITHUB_REPOSITORY;
    if (!token || !repository) {
      context.logger.info(
        'GITHUB_TOKEN and GITHUB_REPOSITORY are not both set: closed pull requests are not looked up, only expiry and abandoned runs count.',
      );
    }
    const { deps } = await wireRun({
      catalog,
      env: context.env,
      logger: context.logger,
      mask: (secret) => context.redactor.add(secret),
      githubToken: token && repository ? token : undefined,
      resourceGroups,
    });
    const result = await sweepEnvironments(deps, {
      catalog,
      dryRun,
      concurrency,
      lockTimeoutMs,
      listOrphanResourceGroups: listOrphans,
      deleteOrphanResourceGroups: deleteOrphans,
    });
    if (context.json) writeJson(context, result);
    else printSweep(context, result, listOrphans);
    const orphanFailures = result.orphans.filter((group) => group.result === 'failed');
    return result.failed.length === 0 && orphanFailures.length === 0 ? 0 : 1;
  },
};

function printSweep(context: CommandContext, result: SweepResult, listedOrphans: boolean): void {
  if (result.items.length === 0) {
    context.terminal.out(`Nothing to sweep among ${result.examined} environment record(s).\n`);
  } else {
    context.terminal.out(
      renderTable(
        ['ENV ID', 'REASON', 'RESULT', 'NOTE'],
        result.items.map((item) => [
          item.envId,
          item.reason,
          item.result,
          item.message ?? item.expiresAt ?? '',
        ]),
      ),
    );
  }
  if (!listedOrphans) return;
  if (result.orphans.length === 0) {
    context.terminal.out(`No orphan resource groups (tagged ${ENV_ID_TAG}, owned by no record).\n`);
    return;
  }
  context.terminal.out(
    `\n${renderTable(
      ['RESOURCE GROUP', 'ENV ID', 'RESULT', 'NOTE'],
      result.orphans.map((group) => [group.name, group.envId, group.result, group.message ?? '']),
    )}`,
  );
}
