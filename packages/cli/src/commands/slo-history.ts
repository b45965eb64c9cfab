import { ConfigurationError } from '@terrarium/core';
import { type SloHistoryPort, TREND_NIGHTS } from '@terrarium/lifecycle';
import { createSloHistoryPort } from '@terrarium/runtime';
import { renderSloTrend, type SloHistoryEntry } from '@terrarium/slo';
import type { Command, CommandContext } from '../command.js';
import { writeJson } from '../output.js';
import { booleanOption, integerOption, stringOption } from '../parse-command-line.js';
import { renderTable } from '../render-table.js';
import { openStorageSession } from '../storage-session.js';

/** Beyond a year of nightly runs a table stops being readable; the JSON is for more. */
const MOST_NIGHTS = 366;

export const sloHistoryCommand: Command = {
  name: 'slo history',
  summary: "Show the SLO reports kept in the catalog's state account, night by night, oldest first.",
  arguments: '[service]',
  positionals: { required: 0, optional: 1 },
  options: {
    slo: {
      type: 'string',
      valueName: 'name',
      description: 'the SLO set (metadata.name); needed only when several keep history',
    },
    objective: {
      type: 'string',
      valueName: 'name',
      description: 'one objective night by night: its value, limit, status and budget',
    },
    last: {
      type: 'string',
      valueName: 'n',
      description: `nights to show (default ${TREND_NIGHTS}, at most ${MOST_NIGHTS})`,
    },
    markdown: {
      type: 'boolean',
      description: 'print the trend as the job summary shows it (tables and mermaid charts)',
    },
  },
  async run(context, parsed) {
    const last = integerOption(parsed, 'last', sloHistoryCommand) ?? TREND_NIGHTS;
    if (last > MOST_NIGHTS) {
      throw new ConfigurationError(`--last ${last} is more than ${MOST_NIGHTS} nights; ask for fewer`);
    }
    const catalog = await context.catalog();
    const session = openStorageSession(context, catalog);
    const history = createSloHistoryPort({
      auth: session.auth,
      container: catalog.backend.container,
      logger: context.logger,
    });
    const slo = await sloSet(history, stringOption(parsed, 'slo'), catalog.backend.container);
    if (slo === undefined) {
      if (context.json) writeJson(context, { slo: null, services: [] });
      else
        context.terminal.out(`No SLO reports are kept in ${catalog.backend.container}/slo-history/ yet.\n`);
      return 0;
    }
    const services = await servicesOf(history, slo, parsed.positionals[0]);
    const objective = stringOption(parsed, 'objective');
    const kept = new Map<string, SloHistoryEntry[]>();
    for (const service of services) kept.set(service, await history.recent(slo, service, last));
    if (objective !== undefined && ![...kept.values()].flat().some((e) => hasObjective(e, objective))) {
      throw new ConfigurationError(
        `no kept report of ${slo} has an objective "${objective}"; kept ones: ${objectivesIn(kept).join(', ')}`,
      );
    }
    if (context.json) {
      writeJson(context, {
        slo,
        services: [...kept].map(([service, entries]) => ({
          service,
          entries: oldestFirst(entries)
            .filter((e) => objective === undefined || hasObjective(e, objective))
            .map((e) =>
              objective === undefined
                ? e
                : { ...e, objectives: e.objectives.filter((o) => o.objective === objective) },
            ),
        })),
      });
    } else if (booleanOption(parsed, 'markdown')) {
      context.terminal.out(renderSloTrend(kept));
    } else {
      printTables(context, slo, kept, objective);
    }
    return 0;
  },
};

/** The SLO set asked for, or the only one kept; undefined when none is. */
async function sloSet(history: SloHistoryPort, asked: string | undefined, container: string) {
  const sets = await history.sets();
  if (asked !== undefined) {
    if (!sets.includes(asked)) {
      throw new ConfigurationError(
        `no SLO reports of "${asked}" are kept in ${container}/slo-history/; kept: ${sets.join(', ') || 'none'}`,
      );
    }
    return asked;
  }
  if (sets.length > 1) {
    throw new ConfigurationError(
      `several SLO sets keep history here (${sets.join(', ')}); pick one with --slo`,
    );
  }
  return sets[0];
}

async function servicesOf(
  history: SloHistoryPort,
  slo: string,
  asked: string | undefined,
): Promise<string[]> {
  const services = await history.services(slo);
  if (asked === undefined) return services;
  if (!services.includes(asked)) {
    throw new ConfigurationError(
      `no kept report of ${slo} has a service "${asked}"; kept: ${services.join(', ')}`,
    );
  }
  return [asked];
}

function printTables(
  context: CommandContext,
  slo: string,
  kept: Map<string, SloHistoryEntry[]>,
  objective: string | undefined,
): void {
  const blocks: string[] = [];
  for (const [service, newestFirst] of kept) {
    const entries = oldestFirst(newestFirst);
    if (objective === undefined) {
      const rows = entries.map((e) => [
        night(e),
        e.run.id,
        String(e.stats.requests),
        ms(e.stats.latencyMs.p95),
        ms(e.stats.ttftMs?.p95),
        e.stats.errorRate === undefined ? '-' : `${round(e.stats.errorRate * 100, 3)}%`,
        `${e.objectives.filter((o) => o.status === 'met').length}/${e.objectives.length} met`,
      ]);
      blocks.push(
        `${slo} / ${service}\n${renderTable(['NIGHT', 'RUN', 'REQUESTS', 'P95', 'P95 TTFT', 'ERROR RATE', 'OBJECTIVES'], rows)}`,
      );
      continue;
    }
    const rows = entries.flatMap((e) => {
      const o = e.objectives.find((candidate) => candidate.objective === objective);
      if (!o) return [];
      const value = (v: number | undefined) =>
        v === undefined ? '-' : `${round(v, o.unit === '%' ? 3 : 1)}${o.unit === '%' ? '%' : ` ${o.unit}`}`;
      return [
        [
          night(e),
          e.run.id,
          value(o.actual),
          value(o.limit),
          o.status,
          o.budgetRemaining === undefined ? '-' : `${round(o.budgetRemaining * 100, 1)}%`,
        ],
      ];
    });
    if (rows.length > 0) {
      blocks.push(
        `${slo} / ${service} / ${objective}\n${renderTable(['NIGHT', 'RUN', 'ACTUAL', 'LIMIT', 'STATUS', 'BUDGET LEFT'], rows)}`,
      );
    }
  }
  context.terminal.out(blocks.join('\n'));
}

function hasObjective(entry: SloHistoryEntry, objective: string): boolean {
  return entry.objectives.some((o) => o.objective === objective);
}

function objectivesIn(kept: Map<string, SloHistoryEntry[]>): string[] {
  return [...new Set([...kept.values()].flat().flatMap((e) => e.objectives.map((o) => o.objective)))].sort();
}

function oldestFirst(newestFirst: readonly SloHistoryEntry[]): SloHistoryEntry[] {
  return [...newestFirst].reverse();
}

function night(entry: SloHistoryEntry): string {
  return `${entry.generatedAt.slice(0, 10)} ${entry.generatedAt.slice(11, 16)}`;
}

function ms(value: number | undefined): string {
  return value === undefined ? '-' : `${round(value, 1)} ms`;
}

function round(value: number, digits: number): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}
