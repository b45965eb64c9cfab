import { errorMessage, type Target } from '@terrarium/core';
import type { ConfigureBackendResult } from './configure-backend.js';
import { type FailureReason, failureContextOf, failureReasonOf, type Verdict } from './failure.js';
import type { ProvisionResult } from './provision.js';
import type { SweepResult } from './sweep.js';
import type { TeardownResult } from './teardown.js';

/**
 * Job summaries (Markdown) for the use cases. Values that come from users (branch
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

/** The backend a configure-backend step set up; every value is a name, never a credential. */
export function backendSummary(result: ConfigureBackendResult): string {
  const { target } = result;
  const rows = [
    ['Environment', target.environment],
    ['Environment id', target.envId],
    ['Instance', target.instance ?? '(long-lived)'],
    ['Safety', target.safety],
    ['Storage account', target.storageAccount],
    ['State container', `${target.stateContainer}${result.containerCreated ? ' (created)' : ''}`],
    ['State key', target.stateKey],
    ['Authentication', result.authMode],
    ['Expires at', target.expiresAt ?? 'never (long-lived)'],
    ['Backend config file', result.backendConfigFile],
  ];
  return [
    `### Terraform backend for ${target.envId}`,
    '',
    table(
      ['Setting', 'Value'],
      rows.map(([name, value]) => [name ?? '', escapeCell(value ?? '')]),
    ),
    '',
    '```shell',
    initCommand(result),
    '```',
    '',
  ].join('\n');
}

/** The init line people can copy; `-chdir` when terraform runs in another directory. */
function initCommand(result: ConfigureBackendResult): string {
  const chdir = result.workingDirectory ? `-chdir=${result.workingDirectory} ` : '';
  return `terraform ${chdir}init -backend-config=${result.backendConfigFile}`;
}

/** A sweep that ran to its end but could not remove every environment or resource group fails. */
export function sweepVerdict(result: SweepResult): Verdict | undefined {
  const failures = result.items.filter((item) => item.result === 'failed');
  if (failures.length > 0) {
    return {
      level: 'failed',
      reason: failures[0]?.failureReason ?? 'destroy-failed',
      message: `Sweep could not tear down ${failures.length} environment(s): ${failures.map((item) => `${item.envId} (${item.failureReason})`).join(', ')}`,
    };
  }
  const orphanFailures = result.orphans.filter((group) => group.result === 'failed');
  if (orphanFailures.length > 0) {
    return {
      level: 'failed',
      reason: 'destroy-failed',
      message: `Sweep could not delete ${orphanFailures.length} orphan resource group(s): ${orphanFailures.map((group) => `${group.name} (${group.message ?? 'unknown error'})`).join(', ')}`,
    };
  }
  return undefined;
}

/** A failed run, as an action reports it: the failure-reason output, the summary, the message. */
export interface RunFailureReport {
  reason: FailureReason;
  /** The error to end the step with, explained where the wiring knows better (a refused storage account). */
  error: unknown;
  target: Target | undefined;
  /** The job summary's markdown. */
  summary: string;
}

/**
 * What a failed run says. `explain` is the wiring's reading of errors from what it wired (a storage
 * account that refused the credentials is the workflow's to fix, not a Terrarium bug); it is asked
 * only about errors the use cases did not recognise.
 */
export function describeRunFailure(
  caught: unknown,
  explain: (error: unknown) => unknown = (error) => error,
): RunFailureReport {
  const context = failureContextOf(caught);
  const error = failureReasonOf(caught) === 'internal-error' ? explain(caught) : caught;
  const reason = failureReasonOf(error);
  return {
    reason,
    error,
    target: context?.target,
    summary: failureSummary(reason, errorMessage(error), context?.target, context?.notes ?? []),
  };
}
