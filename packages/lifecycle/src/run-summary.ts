import type { Target } from '@terrarium/core';
import type { ProvisionResult } from './provision.js';
import type { SweepResult } from './sweep.js';
import type { TeardownResult } from './teardown.js';

/**
 * Job summaries (Markdown) for the three use cases. Values that come from users (branch
 * names, messages) are escaped so a crafted name cannot inject markup.
 */

export function escapeCell(text: string): string {
  return text.replace(/[\\`*_{}[\]<>|#!]/g, (char) => `\\${char}`).replace(/\r?\n/g, ' ');
}

function table(head: string[], rows: string[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

function targetRows(target: Target): string[][] {
  const rows = [
    ['Environment', `\`${target.envId}\``],
    ['State', `\`${target.stateContainer}/${target.stateKey}\``],
    ['Safety', target.safety],
  ];
  if (target.expiresAt) rows.push(['Expires', target.expiresAt]);
  if (target.branch) rows.push(['Branch', escapeCell(target.branch)]);
  return rows;
}

function notesBlock(notes: string[]): string[] {
  return notes.length === 0 ? [] : ['', ...notes.map((note) => `> ${escapeCell(note)}`)];
}

export function provisionSummary(result: ProvisionResult): string {
  const { plan } = result;
  const verb = { planned: 'Planned', unchanged: 'Up to date', applied: 'Provisioned' }[result.outcome];
  const rows = [
    ...targetRows(result.target),
    [
      'Plan',
      `${plan.add + plan.replace} to add, ${plan.change} to change, ${plan.destroy + plan.replace} to destroy${plan.replace > 0 ? ` (${plan.replace} replaced)` : ''}`,
    ],
    ['Plan hash', `\`${result.planHash}\``],
  ];
  if (result.url) rows.push(['URL', escapeCell(result.url)]);
  if (result.backup) rows.push(['Backup', `\`${result.backup.name}\``]);
  return [
    `### ${verb}: \`${result.target.envId}\``,
    '',
    table(['', ''], rows),
    ...changesBlock(result),
    ...notesBlock(result.notes),
    '',
  ].join('\n');
}

/** What the plan changes, resource by resource: what a reviewer of a plan-only run reads. */
function changesBlock(result: ProvisionResult): string[] {
  const { addresses } = result.plan;
  const rows = (['add', 'change', 'replace', 'destroy'] as const).flatMap((action) =>
    addresses[action].map((address) => [action, `\`${address.replace(/`/g, "'").replace(/\|/g, '\\|')}\``]),
  );
  if (rows.length === 0) return [];
  return ['', table(['action', 'resource'], rows)];
}

export function teardownSummary(result: TeardownResult): string {
  const verb = result.outcome === 'absent' ? 'Nothing to tear down' : 'Torn down';
  const rows = targetRows(result.target);
  if (result.backup) rows.push(['Backup before destroy', `\`${result.backup.name}\``]);
  if (result.finalBackup) rows.push(['Final state', `\`${result.finalBackup.name}\``]);
  return [
    `### ${verb}: \`${result.target.envId}\``,
    '',
    table(['', ''], rows),
    ...notesBlock(result.notes),
    '',
  ].join('\n');
}

export function failureSummary(
  reason: string,
  message: string,
  target: Target | undefined,
  notes: string[],
): string {
  const rows = target ? targetRows(target) : [];
  rows.push(['Failure reason', `\`${reason}\``], ['Message', escapeCell(message)]);
  return [
    `### Failed${target ? `: \`${target.envId}\`` : ''}`,
    '',
    table(['', ''], rows),
    ...notesBlock(notes),
    '',
  ].join('\n');
}

export function sweepSummary(result: SweepResult): string {
  const lines = [
    `### Sweep${result.dryRun ? ' (dry run)' : ''}: ${result.examined} environment(s) examined`,
    '',
  ];
  if (result.items.length === 0) lines.push('Nothing was due.');
  else
    lines.push(
      table(
        ['Environment', 'Why', 'Result', 'Detail'],
        result.items.map((item) => [
          `\`${item.envId}\``,
          item.reason,
          item.result,
          escapeCell(item.expiresAt ? `expires ${item.expiresAt}` : (item.failureReason ?? '')),
        ]),
      ),
    );
  if (result.orphans.length > 0) {
    lines.push(
      '',
      '#### Resource groups no record owns',
      '',
      table(
        ['Resource group', 'terrarium-env-id', 'Result'],
        result.orphans.map((group) => [`\`${group.name}\``, escapeCell(group.envId), group.result]),
      ),
    );
  }
  lines.push('');
  return lines.join('\n');
}
