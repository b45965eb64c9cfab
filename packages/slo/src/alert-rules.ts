import type { Logger } from '@terrarium/core';
import {
  alertThreshold,
  type BurnRateWindow,
  burnRateWindows,
  canFire,
  neverFiringPairs,
} from './burn-rate.js';
import { formatDuration, isoDuration } from './duration.js';
import { kqlFailed } from './failure-rule.js';
import { describeObjective } from './objective-text.js';
import { serviceFilter, workspaceTable } from './readers/app-insights-query.js';
import type { ObjectiveSpec, ServiceSpec, SloSpec } from './spec-types.js';

export interface AlertRuleOptions {
  /** Terraform variable holding the action group id. Default `action_group_id`. */
  actionGroupVariable?: string | undefined;
  /** Terraform variable holding the Log Analytics workspace id the rules query. Default `log_analytics_workspace_id`. */
  workspaceVariable?: string | undefined;
  /** Told about every window pair that can never fire (and so gets no rule). */
  logger?: Logger | undefined;
}

/** Azure Monitor log alerts look back at most two days (window_duration P2D), so the 3d pair is left out. */
const MAX_WINDOW_SECONDS = 2 * 86_400;

/** How often each pair is evaluated: a tenth or so of the long window, from the values Azure allows. */
const EVALUATION_FREQUENCY: Record<number, string> = { 3600: 'PT5M', 21600: 'PT15M', 86400: 'PT1H' };

/**
 * Terraform JSON (`*.tf.json`) with one azurerm_monitor_scheduled_query_rules_alert_v2 per objective
 * and burn-rate window pair, the factors derived from the SLO's timeWindow. Each rule's KQL weighs
 * every row by ItemCount (sampled telemetry), measures the error ratio over the long and the short
 * window and returns a row only when both reach factor * (1 - target), the `>=` the report uses;
 * the rule fires on any row. A pair whose threshold is above 1 can never fire: it gets no rule, a
 * warning through the logger and a `//` note at the top of the file. Objectives without a
 * per-request signal in App Insights (tokens per second) get no rule.
 */
export function generateAlertRules(spec: SloSpec, options: AlertRuleOptions = {}): Record<string, unknown> {
  const actionGroup = options.actionGroupVariable ?? 'action_group_id';
  const workspace = options.workspaceVariable ?? 'log_analytics_workspace_id';
  const windows = burnRateWindows(spec.timeWindowSeconds).filter((w) => w.longSeconds <= MAX_WINDOW_SECONDS);
  const rules: Record<string, unknown> = {};
  for (const service of spec.services) {
    for (const objective of service.objectives) {
      const bad = badCondition(service, objective);
      if (bad === undefined) continue;
      for (const window of windows) {
        if (!canFire(alertThreshold(window.factor, objective.target))) continue;
        const long = formatDuration(window.longSeconds);
        const short = formatDuration(window.shortSeconds);
        const id = `slo_${service.name}_${objective.name}_${long}_${short}`.replace(/[^A-Za-z0-9_]/g, '_');
        rules[id] = {
          name: `slo-${spec.name}-${service.name}-${objective.name}-${long}-${short}`.slice(0, 260),
          display_name: `${service.name} ${objective.name}: ${window.factor}x burn over ${long} and ${short}`,
          description: `${describeObjective(objective)} (target ${round(objective.target * 100)}%): error budget (${spec.timeWindow}) burning ${window.factor}x over ${long} and ${short}. From ${spec.name}.`,
          resource_group_name: `\${var.resource_group_name}`,
          location: `\${var.location}`,
          enabled: true,
          severity: window.severity === 'page' ? 1 : 3,
          evaluation_frequency: EVALUATION_FREQUENCY[window.longSeconds] ?? 'PT1H',
          window_duration: isoDuration(window.longSeconds),
          scopes: [`\${var.${workspace}}`],
          auto_mitigation_enabled: true,
          criteria: [
            {
              query: burnQuery(service, objective, bad, window),
              time_aggregation_method: 'Count',
              threshold: 0,
              operator: 'GreaterThan',
              failing_periods: [
                { minimum_failing_periods_to_trigger_alert: 1, number_of_evaluation_periods: 1 },
              ],
            },
          ],
          action: [
            {
              action_groups: [`\${var.${actionGroup}}`],
              custom_properties: {
                service: service.name,
                objective: objective.name,
                severity: window.severity,
              },
            },
          ],
          tags: { 'terrarium-slo': spec.name },
        };
      }
    }
  }
  const warnings = neverFiringPairs(spec);
  for (const warning of warnings) options.logger?.warning(warning);
  return {
    // Terraform ignores "//" properties: the file itself says which pairs were left out and why.
    ...(warnings.length > 0 ? { '//': warnings.map((w) => `no rule: ${w}`).join('\n') } : {}),
    variable: {
      resource_group_name: { type: 'string', description: 'Resource group the alert rules live in.' },
      location: { type: 'string', description: 'Azure region of the alert rules.' },
      [workspace]: {
        type: 'string',
        description: 'Resource id of the Log Analytics workspace behind Application Insights.',
      },
      [actionGroup]: { type: 'string', description: 'Resource id of the action group to notify.' },
    },
    resource: { azurerm_monitor_scheduled_query_rules_alert_v2: rules },
  };
}

/** A row is bad for the objective: the same test the report applies to each request. */
function badCondition(service: ServiceSpec, objective: ObjectiveSpec): string | undefined {
  switch (objective.indicator) {
    case 'latency':
      return `DurationMs > ${objective.threshold}`;
    case 'ttft':
      return `todouble(Measurements["ttftMs"]) > ${objective.threshold}`;
    case 'availability':
    case 'error-rate':
      return kqlFailed(service.failures);
    case 'tokens-per-second':
      return undefined;
  }
}

function burnQuery(
  service: ServiceSpec,
  objective: ObjectiveSpec,
  bad: string,
  window: BurnRateWindow,
): string {
  const threshold = alertThreshold(window.factor, objective.target);
  const shortAgo = `ago(${window.shortSeconds / 60}m)`;
  const rows = [
    workspaceTable(service.table).name,
    `| where TimeGenerated > ago(${window.longSeconds / 60}m)`,
    ...serviceFilter(service, objective.endpoint),
  ];
  if (objective.indicator === 'ttft') rows.push('| where isnotnull(Measurements["ttftMs"])');
  return [
    `// ${service.name}/${objective.name}: alert when the error ratio reaches ${window.factor} x (1 - ${round(objective.target, 6)}) = ${threshold}; rows weighted by ItemCount (sampling)`,
    ...rows,
    `| extend bad = ${bad}, recent = TimeGenerated > ${shortAgo}`,
    '| summarize long_total = sum(ItemCount), long_bad = sumif(ItemCount, bad), short_total = sumif(ItemCount, recent), short_bad = sumif(ItemCount, bad and recent)',
    '| extend long_ratio = iff(long_total > 0, todouble(long_bad) / long_total, 0.0), short_ratio = iff(short_total > 0, todouble(short_bad) / short_total, 0.0)',
    `| where long_ratio >= ${threshold} and short_ratio >= ${threshold}`,
  ].join('\n');
}

function round(value: number, digits = 4): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}
