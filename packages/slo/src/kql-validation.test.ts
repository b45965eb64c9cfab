import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateAlertRules } from './alert-rules.js';
import { parseSloText, readSloFile } from './parse-slo-file.js';
import { appInsightsQuery, kqlString } from './readers/app-insights-query.js';
import type { SloSpec } from './spec-types.js';

/**
 * Every query Terrarium sends to Log Analytics or writes into an alert rule, parsed and bound by
 * Microsoft's own KQL front end (@kusto/language-service-next, the Kusto.Language library behind
 * Azure Data Explorer's and Azure Monitor's editors) against the documented workspace tables.
 * A syntax error, an unknown column or a type mismatch is a diagnostic, and a test failure.
 */

/**
 * The columns of the two tables, as Azure Monitor's reference documents them:
 * https://learn.microsoft.com/azure/azure-monitor/reference/tables/apprequests and
 * https://learn.microsoft.com/azure/azure-monitor/reference/tables/appdependencies
 * (source: MicrosoftDocs/azure-reference-other, azure-monitor-ref/tables/includes/
 * apprequests-include.md and appdependencies-include.md).
 */
const COMMON_COLUMNS: [string, string][] = [
  ['AppRoleInstance', 'string'],
  ['AppRoleName', 'string'],
  ['AppVersion', 'string'],
  ['_BilledSize', 'real'],
  ['ClientBrowser', 'string'],
  ['ClientCity', 'string'],
  ['ClientCountryOrRegion', 'string'],
  ['ClientIP', 'string'],
  ['ClientModel', 'string'],
  ['ClientOS', 'string'],
  ['ClientStateOrProvince', 'string'],
  ['ClientType', 'string'],
  ['DurationMs', 'real'],
  ['Id', 'string'],
  ['IKey', 'string'],
  ['_IsBillable', 'string'],
  ['ItemCount', 'int'],
  ['Measurements', 'dynamic'],
  ['Name', 'string'],
  ['OperationId', 'string'],
  ['OperationName', 'string'],
  ['ParentId', 'string'],
  ['Properties', 'dynamic'],
  ['ReferencedItemId', 'string'],
  ['ReferencedType', 'string'],
  ['ResourceGUID', 'string'],
  ['_ResourceId', 'string'],
  ['ResultCode', 'string'],
  ['SDKVersion', 'string'],
  ['SessionId', 'string'],
  ['SourceSystem', 'string'],
  ['_SubscriptionId', 'string'],
  ['Success', 'bool'],
  ['SyntheticSource', 'string'],
  ['TenantId', 'string'],
  ['TimeGenerated', 'datetime'],
  ['Type', 'string'],
  ['UserAccountId', 'string'],
  ['UserAuthenticatedId', 'string'],
  ['UserId', 'string'],
];
const APP_REQUESTS = [...COMMON_COLUMNS, ['Source', 'string'], ['Url', 'string']];
const APP_DEPENDENCIES = [
  ...COMMON_COLUMNS,
  ['Data', 'string'],
  ['DependencyType', 'string'],
  ['Target', 'string'],
];

/** The few members of the Kusto.Language bridge this test touches. */
interface KustoList<T> {
  Count: number;
  getItem(index: number): T;
}
interface KustoDiagnostic {
  Severity: string;
  Code: string;
  Message: string;
  Start: number;
}
interface KustoNode {
  IsConstant: boolean;
  ConstantValue: unknown;
}
interface KustoLanguage {
  GlobalState: { Default: { WithDatabase(database: unknown): unknown } };
  KustoCode: {
    ParseAndAnalyze(
      text: string,
      globals: unknown,
    ): {
      GetDiagnostics(): KustoList<KustoDiagnostic>;
      Syntax: { WalkElements(visit: (node: KustoNode) => void): void };
    };
  };
  Symbols: {
    TableSymbol: { $ctor7: new (name: string, schema: string, description: string) => unknown };
    DatabaseSymbol: { ctor: new (name: string, members: unknown[]) => unknown };
  };
}

let kusto: KustoLanguage;
let globals: unknown;

beforeAll(() => {
  const require = createRequire(import.meta.url);
  // The bridge runtime first: it defines the globals the compiled library is written against.
  require('@kusto/language-service-next/bridge.js');
  require('@kusto/language-service-next');
  kusto = (globalThis as unknown as { Kusto: { Language: KustoLanguage } }).Kusto.Language;
  const table = (name: string, columns: string[][]) =>
    new kusto.Symbols.TableSymbol.$ctor7(name, `(${columns.map(([n, t]) => `${n}:${t}`).join(', ')})`, '');
  const database = new kusto.Symbols.DatabaseSymbol.ctor('workspace', [
    table('AppRequests', APP_REQUESTS),
    table('AppDependencies', APP_DEPENDENCIES),
  ]);
  globals = kusto.GlobalState.Default.WithDatabase(database);
});

function diagnostics(query: string): string[] {
  const list = kusto.KustoCode.ParseAndAnalyze(query, globals).GetDiagnostics();
  const out: string[] = [];
  for (let i = 0; i < list.Count; i += 1) {
    const d = list.getItem(i);
    out.push(`${d.Severity} ${d.Code} at ${d.Start}: ${d.Message}`);
  }
  return out;
}

/** The string constants the parser read from a query, in order. */
function stringConstants(query: string): unknown[] {
  const values: unknown[] = [];
  kusto.KustoCode.ParseAndAnalyze(query, globals).Syntax.WalkElements((node) => {
    if (node.IsConstant && typeof node.ConstantValue === 'string') values.push(node.ConstantValue);
  });
  return values;
}

const example = fileURLToPath(new URL('../../../examples/slo/llm-platform.slo.yaml', import.meta.url));

/** Names a careless or hostile SLO file could hold: quotes, backslashes, line breaks, a pipe. */
const HOSTILE = [
  'a"b',
  'c\\d',
  'line\r\nbreak',
  "it's | take 1",
  'tab\there',
  'nul\u0000x',
  'sep\u2028x',
  'ünï',
];

function hostileSpec(failures: 'server-errors' | 'not-success'): SloSpec {
  const yaml = (text: string) => JSON.stringify(text);
  return parseSloText(
    `apiVersion: terrarium.dev/v1alpha1
kind: SLO
metadata: { name: hostile }
spec:
  failures: ${failures}
  services:
${HOSTILE.map(
  (name, i) => `    - name: s${i}
      roleName: ${yaml(name)}
      match: ${yaml(name)}
      table: ${i % 2 === 0 ? 'requests' : 'dependencies'}
      objectives:
        - { name: up, indicator: availability, target: 0.999, endpoint: ${yaml(`${name}/x`)} }
        - { name: p95, indicator: latency, percentile: 95, threshold: 800 }
        - { name: ttft, indicator: ttft, percentile: 95, threshold: 300 }
        - { name: errors, indicator: error-rate, threshold: 1 }`,
).join('\n')}
`,
    '/x/hostile.slo.yaml',
  );
}

function alertQueries(spec: SloSpec): string[] {
  const json = generateAlertRules(spec) as {
    resource: {
      azurerm_monitor_scheduled_query_rules_alert_v2: Record<string, { criteria: { query: string }[] }>;
    };
  };
  return Object.values(json.resource.azurerm_monitor_scheduled_query_rules_alert_v2).flatMap((rule) =>
    rule.criteria.map((c) => c.query),
  );
}

describe("the generated KQL, checked by Microsoft's parser against the documented tables", () => {
  it('the validator itself fails on an unknown column, a syntax error and a type error', () => {
    expect(diagnostics('AppRequests | where DurationMs > 1 | summarize sum(ItemCount)')).toEqual([]);
    expect(diagnostics('AppRequests | where Duration > 1').join('\n')).toMatch(/KS142.*'Duration'/);
    expect(diagnostics('AppRequests | where (DurationMs > 1').join('\n')).toMatch(/Expected: \)/);
    expect(diagnostics('AppDependencies | project Url').join('\n')).toMatch(/KS142.*'Url'/);
    expect(diagnostics('AppRequests | summarize sum(Name)')).not.toEqual([]);
  });

  it('the App Insights report query of the example parses and binds', async () => {
    const query = appInsightsQuery(await readSloFile(example));
    expect(query).toContain('itemCount = ItemCount');
    expect(query).toContain('resultCode = ResultCode');
    expect(diagnostics(query)).toEqual([]);
  });

  it('every alert rule query of the example parses and binds', async () => {
    const queries = alertQueries(await readSloFile(example));
    expect(queries).toHaveLength(18);
    for (const query of queries) expect(diagnostics(query), query).toEqual([]);
  });

  it.each(['server-errors', 'not-success'] as const)(
    'queries over hostile names (%s) parse, bind, and keep each name one literal',
    (failures) => {
      const spec = hostileSpec(failures);
      const report = appInsightsQuery(spec);
      expect(diagnostics(report), report).toEqual([]);
      // Both tables are queried, each with its own role names, every one read back intact.
      expect(stringConstants(report)).toEqual(expect.arrayContaining([...HOSTILE, 'ttftMs', 'tokens']));
      const queries = alertQueries(spec);
      // Four objectives with a per-request signal, three pairs each (the 3d pair is beyond Azure).
      expect(queries.length).toBe(HOSTILE.length * 4 * 3);
      for (const query of queries) {
        expect(diagnostics(query), query).toEqual([]);
        // The query is still one query: no name escaped its literal to add an operator.
        expect(query.split('\n').filter((line) => line.startsWith('| take'))).toEqual([]);
      }
    },
  );

  it('kqlString round-trips any text through the parser', () => {
    const texts = [...HOSTILE, '', '\\', '"', '\\"', '\u007f\u0085\u2029', 'emoji 🚀', '\r', '\u0024{x}'];
    for (const text of texts) {
      expect(stringConstants(`print ${kqlString(text)}`), JSON.stringify(text)).toEqual([text]);
    }
  });
});
