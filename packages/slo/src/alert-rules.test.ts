import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateAlertRules } from './alert-rules.js';
import { readSloFile } from './parse-slo-file.js';

const example = fileURLToPath(new URL('../../../examples/slo/llm-platform.slo.yaml', import.meta.url));

type Rule = Record<string, unknown> & { criteria: { query: string; threshold: number }[] };

describe('generateAlertRules', () => {
  it('matches the snapshot for the example file', async () => {
    const json = generateAlertRules(await readSloFile(example));
    expect(JSON.stringify(json, null, 2)).toMatchSnapshot();
  });

  it('makes one rule per objective and window pair (3d is beyond Azure log alerts), none for tokens/s', async () => {
    const json = generateAlertRules(await readSloFile(example), {
      actionGroupVariable: 'oncall',
      workspaceVariable: 'law',
    }) as { variable: Record<string, unknown>; resource: Record<string, Record<string, Rule>> };
    const rules = json.resource.azurerm_monitor_scheduled_query_rules_alert_v2 ?? {};
    // llm-chat: 4 objectives with a signal, llm-embeddings: 2; three pairs each.
    expect(Object.keys(rules)).toHaveLength(6 * 3);
    expect(Object.keys(json.variable).sort()).toEqual(['law', 'location', 'oncall', 'resource_group_name']);
    const rule = rules['slo_llm-chat_availability_1h_5m'.replace(/-/g, '_')];
    expect(rule).toMatchObject({
      severity: 1,
      window_duration: 'PT1H',
      evaluation_frequency: 'PT5M',
      scopes: [`\${var.law}`],
      action: [{ action_groups: [`\${var.oncall}`] }],
    });
    const query = rule?.criteria[0]?.query ?? '';
    expect(query).toContain('| where AppRoleName == "llm-chat"');
    expect(query).toContain('| where Name contains "/v1/chat" or Url contains "/v1/chat"');
    expect(query).toContain('short_bad = countif(TimeGenerated > ago(5m) and Success == false)');
    // 14.4 x (1 - 0.995)
    expect(query).toContain('| where long_ratio > 0.072 and short_ratio > 0.072');
    const latency = rules.slo_llm_embeddings_latency_p95_1d_2h;
    expect(latency).toMatchObject({ severity: 3, window_duration: 'P1D', evaluation_frequency: 'PT1H' });
    expect(latency?.criteria[0]?.query).toContain('countif(DurationMs > 300)');
    expect(latency?.criteria[0]?.query).toContain('long_ratio > 0.15 and short_ratio > 0.15');
  });
});
