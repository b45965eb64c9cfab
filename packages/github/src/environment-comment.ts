import type { EnvironmentStatus, EnvironmentView } from '@terrarium/core';
import { codeBlock, escapeMarkdown, inlineCode, markdownTable, safeLink } from './markdown.js';

type ViewPlan = NonNullable<EnvironmentView['planSummary']>;

const HEADLINES: Record<EnvironmentStatus, string> = {
  provisioning: '⏳ is being provisioned',
  planned: '📝 has a plan waiting',
  ready: '✅ is ready',
  failed: '❌ failed to provision',
  destroying: '🧹 is being torn down',
  destroyed: '🗑️ has been torn down',
  'teardown-failed': '⚠️ could not be torn down',
};

const MAX_ADDRESSES = 200;

/** The sticky comment's body for one environment: headline, facts, plan and outputs. */
export function renderEnvironmentComment(view: EnvironmentView): string {
  const [emoji, ...words] = HEADLINES[view.status].split(' ');
  const sections = [`### ${emoji} Environment ${inlineCode(view.envId)} ${words.join(' ')}`];
  const facts: string[] = [];
  if (view.url) facts.push(`**URL:** ${safeLink(view.url, view.url)}`);
  if (view.branch) facts.push(`**Branch:** ${escapeMarkdown(view.branch)}`);
  if (view.expiresAt) facts.push(`**Expires:** ${formatExpiry(view.expiresAt)}`);
  if (view.runUrl) facts.push(`**Run:** ${safeLink('workflow run log', view.runUrl)}`);
  if (view.planHash) facts.push(`**Plan hash:** ${inlineCode(view.planHash)}`);
  if (facts.length > 0) sections.push(facts.join('  \n'));
  if (view.message) sections.push(escapeMarkdown(view.message));
  if (view.failureReason) sections.push(`**What went wrong:**\n\n${codeBlock(view.failureReason)}`);
  if (view.planSummary) sections.push(renderPlan(view.planSummary));
  const outputs = Object.entries(view.outputs ?? {});
  if (outputs.length > 0)
    sections.push(
      `<details><summary>Outputs (${outputs.length})</summary>\n\n${markdownTable(
        ['Output', 'Value'],
        outputs.map(([name, value]) => [inlineCode(name), inlineCode(formatValue(value))]),
      )}\n\n</details>`,
    );
  return `${sections.join('\n\n')}\n`;
}

function planHeadline(plan: ViewPlan): string {
  return `${plan.add} to add, ${plan.change} to change, ${plan.destroy} to destroy, ${plan.replace} to replace`;
}

function renderPlan(plan: ViewPlan): string {
  const groups: [string, string[] | undefined][] = [
    ['+', plan.addresses?.add],
    ['~', plan.addresses?.change],
    ['-/+', plan.addresses?.replace],
    ['-', plan.addresses?.destroy],
  ];
  const lines = groups.flatMap(([sign, addresses]) =>
    (addresses ?? []).map((address) => `${sign} ${address}`),
  );
  const shown = lines.slice(0, MAX_ADDRESSES);
  if (lines.length > shown.length) shown.push(`# ... and ${lines.length - shown.length} more`);
  const body =
    shown.length > 0 ? `\n\n${codeBlock(shown.join('\n'), 'diff')}\n` : '\n\nNo resource changes.\n';
  return `<details><summary>Plan: ${planHeadline(plan)}</summary>${body}\n</details>`;
}

function formatExpiry(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return escapeMarkdown(iso);
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function formatValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? 'null' : text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
