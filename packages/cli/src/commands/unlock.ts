import { parseDuration } from '@terrarium/core';
import { isGitHubUnavailableError } from '@terrarium/github';
import { assessLock, breakLock, inspectLock, type LockAssessment, LockHeldError } from '@terrarium/state';
import type { Command } from '../command.js';
import { renderFields, writeJson } from '../output.js';
import { booleanOption, stringOption } from '../parse-command-line.js';
import { runStatusLookup } from '../run-status-lookup.js';
import { openStorageSession } from '../storage-session.js';
import { commandTarget, INSTANCE_OPTION } from '../target-option.js';
import { confirmTyped } from '../typed-confirmation.js';
import { YES_OPTION } from '../yes-option.js';

const DEFAULT_STALE_AFTER = '2h';

export const unlockCommand: Command = {
  name: 'unlock',
  summary: "Break a stale terraform lock on an environment's state (a live one only with --force).",
  arguments: '<env>',
  positionals: { required: 1 },
  options: {
    ...INSTANCE_OPTION,
    'stale-after': {
      type: 'string',
      valueName: 'duration',
      description: `a lock older than this, whose holder is unknown, is stale (default ${DEFAULT_STALE_AFTER})`,
    },
    force: {
      type: 'boolean',
      description: 'break a lock not known to be stale (asks for a typed confirmation)',
    },
    ...YES_OPTION,
  },
  async run(context, parsed) {
    const staleAfterMs = parseDuration(stringOption(parsed, 'stale-after') ?? DEFAULT_STALE_AFTER) * 1000;
    const { catalog, target } = await commandTarget(context, parsed);
    const force = booleanOption(parsed, 'force');
    const storage = openStorageSession(context, catalog);
    const blob = (storage.stateContainerOf(target) ?? storage.main).getBlobClient(target.stateKey);
    const where = `${target.stateContainer}/${target.stateKey}`;

    const lock = await inspectLock(blob);
    if (lock === undefined) {
      if (context.json)
        writeJson(context, { envId: target.envId, state: where, locked: false, broken: false });
      else context.terminal.out(`${where} is not locked.\n`);
      return 0;
    }
    const runStatus = runStatusLookup(context);
    if (!runStatus)
      context.logger.debug('no GITHUB_TOKEN and GITHUB_REPOSITORY: judging the lock by its age');
    let assessment: LockAssessment;
    try {
      assessment = await assessLock(lock, { now: new Date(), staleAfterMs, runStatus });
    } catch (error) {
      // Not knowing whether the holder still runs is never a reason to break its lock.
      if (!isGitHubUnavailableError(error)) throw error;
      context.terminal.err(
        `Not unlocking ${where}: GitHub could not say whether the run holding it is still going (${error.message}). Try again, or unset GITHUB_TOKEN to judge the lock by its age.\n`,
      );
      return 1;
    }
    const report = (broken: boolean, message: string) => {
      if (context.json) {
        writeJson(context, {
          envId: target.envId,
          state: where,
          locked: !broken,
          broken,
          lock,
          assessment,
          message,
        });
        return;
      }
      context.terminal.out(
        renderFields([
          ['state', where],
          ['lock', lock.id ?? '(not terraform)'],
          ['held by', `${lock.who ?? 'unknown'} (${lock.operation ?? 'unknown operation'})`],
          ['created', lock.created?.toISOString() ?? 'unknown'],
          [
            'judged',
            `${assessment.stale ? 'stale' : assessment.live ? 'live' : 'not known to be stale'}: ${assessment.reason}`,
          ],
        ]),
      );
      (broken ? context.terminal.out : context.terminal.err)(`${message}\n`);
    };

    if (assessment.live || (!assessment.stale && !force)) {
      const hint = assessment.live ? '' : ` Pass --force if you are sure nobody holds it.`;
      report(false, `Not unlocking ${where}: ${assessment.reason}.${hint}`);
      return 1;
    }
    if (!assessment.stale) {
      const word = target.safety === 'maximum' ? 'PRODUCTION' : target.environment;
      const confirmed = await confirmTyped(context.terminal, {
        word,
        action: `Forcing the lock on ${where} open may corrupt the state if its holder is still running`,
        yes: booleanOption(parsed, 'yes'),
      });
      if (!confirmed) {
        context.terminal.err('Not confirmed; the lock was left in place.\n');
        return 1;
      }
    }
    try {
      const result = await breakLock(blob, { assessment, force, logger: context.logger });
      report(result.broken, result.message);
      return 0;
    } catch (error) {
      if (!(error instanceof LockHeldError)) throw error;
      report(false, error.message);
      return 1;
    }
  },
};
