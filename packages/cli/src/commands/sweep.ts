import { parseDuration } from '@terrarium/core';
import { createLifecycleDeps, DEFAULT_SWEEP_CONCURRENCY, sweepEnvironments } from '@terrarium/lifecycle';
import type { Command } from '../command.js';
import { writeJson } from '../output.js';
import { booleanOption, integerOption, stringOption } from '../parse-command-line.js';
import { renderTable } from '../render-table.js';

const DEFAULT_LOCK_TIMEOUT = '5m';

export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'Tear down ephemeral environments that expired, lost their pull request, or were abandoned.',
  arguments: '',
  positionals: { required: 0 },
  options: {
    'dry-run': { type: 'boolean', description: 'only say what would be torn down' },
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
  },
  async run(context, parsed) {
    const concurrency = integerOption(parsed, 'concurrency', sweepCommand);
    const lockTimeoutMs = parseDuration(stringOption(parsed, 'lock-timeout') ?? DEFAULT_LOCK_TIMEOUT) * 1000;
    const catalog = await context.catalog();
    const token = context.env.GITHUB_TOKEN ?? context.env.GH_TOKEN;
    const repository = context.env.GITHUB_REPOSITORY;
    if (!token || !repository) {
      context.logger.info(
        'GITHUB_TOKEN and GITHUB_REPOSITORY are not both set: closed pull requests are not looked up, only expiry and abandoned runs count.',
      );
    }
    const deps = createLifecycleDeps({
      catalog,
      env: context.env,
      logger: context.logger,
      mask: (secret) => context.redactor.add(secret),
      github:
        token && repository
          ? { token, repository, ref: undefined, baseUrl: context.env.GITHUB_API_URL }
          : undefined,
    });
    const result = await sweepEnvironments(deps, {
      catalog,
      dryRun: booleanOption(parsed, 'dry-run'),
      concurrency,
      lockTimeoutMs,
    });
    if (context.json) writeJson(context, result);
    else if (result.items.length === 0) {
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
    return result.failed.length === 0 ? 0 : 1;
  },
};
