import { resolve } from 'node:path';
import { ConfigurationError } from '@terrarium/core';
import {
  evaluateSlo,
  FILE_FORMATS,
  type FileFormat,
  readBaselineReport,
  readResults,
  readSloFile,
  renderSloMarkdown,
  type SloReport,
} from '@terrarium/slo';
import type { Command } from '../command.js';
import { writeJson } from '../output.js';
import { booleanOption, stringOption } from '../parse-command-line.js';
import { renderTable } from '../render-table.js';

function formatOption(value: string | undefined): FileFormat | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  const known = FILE_FORMATS.find((format) => format === value);
  if (!known) {
    throw new ConfigurationError(
      `--format "${value}" is not a results format; use auto, ${FILE_FORMATS.join(', ')}`,
    );
  }
  return known;
}

function actualCell(value: number | undefined, unit: string): string {
  if (value === undefined) return '-';
  return `${Number(value.toFixed(unit === '%' ? 3 : 1))}${unit === '%' ? '%' : ` ${unit}`}`;
}

function objectivesTable(report: SloReport): string {
  return renderTable(
    ['SERVICE', 'OBJECTIVE', 'WANTED', 'ACTUAL', 'STATUS', 'BUDGET LEFT'],
    report.objectives.map((objective) => [
      objective.service,
      objective.objective,
      objective.description,
      actualCell(objective.actual, objective.unit),
      objective.status,
      objective.budget ? `${(objective.budget.remainingFraction * 100).toFixed(1)}%` : '-',
    ]),
  );
}

export const sloReportCommand: Command = {
  name: 'slo report',
  summary: 'Judge load-test results against an SLO file; exits 1 when an objective is breached.',
  arguments: '<slo-file> <results...>',
  positionals: { required: 2, rest: true },
  options: {
    format: {
      type: 'string',
      valueName: 'format',
      description: `results format: auto (default), ${FILE_FORMATS.join(', ')}`,
    },
    baseline: {
      type: 'string',
      valueName: 'report.json',
      description: "a previous run's report (--json output) to flag regressions against",
    },
    markdown: { type: 'boolean', description: 'print the full Markdown report instead of the table' },
  },
  async run(context, parsed) {
    const [sloFile = '', ...results] = parsed.positionals.map((path) => resolve(context.cwd, path));
    const format = formatOption(stringOption(parsed, 'format'));
    const spec = await readSloFile(sloFile);
    const input = await readResults(results, format, context.logger);
    const baselineFile = stringOption(parsed, 'baseline');
    const baseline = baselineFile ? await readBaselineReport(resolve(context.cwd, baselineFile)) : undefined;
    const report = await evaluateSlo(spec, input, { baseline, baselineOrigin: baselineFile });
    if (context.json) writeJson(context, report);
    else if (booleanOption(parsed, 'markdown')) context.terminal.out(`${renderSloMarkdown(report)}\n`);
    else {
      context.terminal.out(objectivesTable(report));
      const regressed = report.regressions.filter((regression) => regression.regressed);
      for (const regression of regressed) {
        context.terminal.out(
          `regression: ${regression.service} ${regression.metric} ${regression.baseline} -> ${regression.current}\n`,
        );
      }
      context.terminal.out(`\n${report.name}: ${report.status}\n`);
    }
    return report.status === 'met' ? 0 : 1;
  },
};
