import { fileURLToPath } from 'node:url';
import { recordingLogger } from '@terrarium/core/testing';
import { describe, expect, it } from 'vitest';
import { generateAlertRules } from './alert-rules.js';
import { parseSloText, readSloFile } from './parse-slo-file.js';

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
    // Case-sensitive, as the report matches names.
    expect(query).toContain('| where Name contains_cs "/v1/chat" or Url contains_cs "/v1/chat"');
    // Server errors by default: a 404 or 429 is the caller's.
    expect(query).toContain(
      '| extend bad = iff(isnull(toint(ResultCode)) or toint(ResultCode) == 0, Success == false, toint(ResultCode) >= 500), recent = TimeGenerated > ago(5m)',
    );
    // Every row weighs its ItemCount: sampled telemetry stands for more requests than rows.
    expect(query).toContain(
      '| summarize long_total = sum(ItemCount), long_bad = sumif(ItemCount, bad), short_total = sumif(ItemCount, recent), short_bad = sumif(ItemCount, bad and recent)',
    );
    // 14.4 x (1 - 0.995), compared with >= as the report compares.
    expect(query).toContain('| where long_ratio >= 0.072 and short_ratio >= 0.072');
    const latency = rules.slo_llm_embeddings_latency_p95_1d_2h;
    expect(latency).toMatchObject({ severity: 3, window_duration: 'P1D', evaluation_frequency: 'PT1H' });
    expect(latency?.criteria[0]?.query).toContain('| extend bad = DurationMs > 300,');
    expect(latency?.criteria[0]?.query).toContain('long_ratio >= 0.15 and short_ratio >= 0.15');
  });
});

const head = 'apiVersion: terrarium.dev/v1alpha1\nkind: SLO\nmetadata: { name: t }\nspec:\n';
const rulesOf = (json: Record<string, unknown>) =>
  (json as { resource: Record<string, Record<string, Rule>> }).resource
    .azurerm_monitor_scheduled_query_rules_alert_v2 ?? {};

describe('burn-rate factors come from the SLO window', () => {
  it.each([
    // The SRE workbook's pairs are 30 days': 2%, 5%, 10% of the budget in 1h, 6h, 1d.
    ['30d', { '1h_5m': '14.4x', '6h_30m': '6x', '1d_2h': '3x' }],
    // 28 days spend the same shares faster: factor = share * 28d / long window.
    ['28d', { '1h_5m': '13.44x', '6h_30m': '5.6x', '1d_2h': '2.8x' }],
    // A window shorter than a pair's long window keeps only the pairs that fit in it.
    ['1d', { '1h_5m': '0.48x', '6h_30m': '0.2x', '1d_2h': '0.1x' }],
    ['1h', { '1h_5m': '0.02x' }],
  ])('timeWindow %s', (window, factors) => {
    const spec = parseSloText(
      `${head}  timeWindow: ${window}\n  services:\n    - name: api\n      objectives: [{ name: up, indicator: availability, target: 0.99 }]\n`,
      '/x/slo.yaml',
    );
    const rules = rulesOf(generateAlertRules(spec));
    expect(
      Object.fromEntries(
        Object.entries(rules).map(([id, rule]) => [
          id.replace('slo_api_up_', ''),
          String(rule.display_name).match(/: ([\d.]+x) burn/)?.[1],
        ]),
      ),
    ).toEqual(factors);
  });
});

describe('a pair that can never fire', () => {
  // 14.4 x (1 - 0.93) = 1.008: no error ratio reaches it.
  const spec = parseSloText(
    `${head}  timeWindow: 30d\n  services:\n    - name: api\n      objectives: [{ name: up, indicator: availability, target: 0.93 }]\n`,
    '/x/slo.yaml',
  );

  it('gets no rule, a warning through the logger and a note in the file', () => {
    const logger = recordingLogger();
    const json = generateAlertRules(spec, { logger });
    expect(Object.keys(rulesOf(json))).toEqual(['slo_api_up_6h_30m', 'slo_api_up_1d_2h']);
    const warning =
      'api/up: the 1h/5m pair would alert at an error ratio of 14.4 x (1 - 0.93) = 1.008, above 1, so it can never fire; raise the target or lengthen timeWindow (the longer pairs still alert)';
    expect(logger.lines).toEqual([{ level: 'warning', message: warning }]);
    expect(json['//']).toBe(`no rule: ${warning}`);
    expect(
      generateAlertRules(
        parseSloText(
          `${head}  services:\n    - name: api\n      objectives: [{ name: up, indicator: availability, target: 0.99 }]\n`,
          '/x/slo.yaml',
        ),
      )['//'],
    ).toBeUndefined();
  });
});
