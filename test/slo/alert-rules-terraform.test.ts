import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generateAlertRules, readSloFile } from '@terrarium/slo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const terraform = '/usr/local/bin/terraform';
const env = {
  ...process.env,
  TF_CLI_CONFIG_FILE: '/dev/null',
  CHECKPOINT_DISABLE: '1',
  TF_IN_AUTOMATION: '1',
};
const example = fileURLToPath(new URL('../../examples/slo/llm-platform.slo.yaml', import.meta.url));

/** Arguments azurerm_monitor_scheduled_query_rules_alert_v2 requires, per the provider's resource schema. */
const REQUIRED = [
  'name',
  'resource_group_name',
  'location',
  'evaluation_frequency',
  'window_duration',
  'scopes',
  'severity',
  'criteria',
];
const REQUIRED_CRITERIA = ['query', 'time_aggregation_method', 'threshold', 'operator'];
const WINDOW_DURATIONS = [
  'PT1M',
  'PT5M',
  'PT10M',
  'PT15M',
  'PT30M',
  'PT45M',
  'PT1H',
  'PT2H',
  'PT3H',
  'PT4H',
  'PT5H',
  'PT6H',
  'P1D',
  'P2D',
];

type Rule = Record<string, unknown> & {
  criteria: Record<string, unknown>[];
  action: { action_groups: string[] }[];
};

let dir: string;
let rules: Record<string, Rule>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slo-alerts-'));
  const json = generateAlertRules(await readSloFile(example)) as {
    resource: { azurerm_monitor_scheduled_query_rules_alert_v2: Record<string, Rule> };
  };
  rules = json.resource.azurerm_monitor_scheduled_query_rules_alert_v2;
  await writeFile(join(dir, 'slo-alerts.tf.json'), `${JSON.stringify(json, null, 2)}\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('generated alert rules with the real terraform binary', () => {
  it('parse as a configuration (terraform providers loads every .tf.json without a provider download)', async () => {
    const { stdout } = await run(terraform, ['providers'], { cwd: dir, env });
    expect(stdout).toContain('provider[registry.terraform.io/hashicorp/azurerm]');
  });

  it('are refused by terraform when broken, so the check above can fail', async () => {
    const broken = await mkdtemp(join(tmpdir(), 'slo-alerts-broken-'));
    const text = await readFile(join(dir, 'slo-alerts.tf.json'), 'utf8');
    await writeFile(join(broken, 'slo-alerts.tf.json'), text.replace('"resource": {', '"resource": ['));
    await expect(run(terraform, ['providers'], { cwd: broken, env })).rejects.toThrow();
    await rm(broken, { recursive: true, force: true });
  });

  it('pass terraform fmt -check (fmt leaves .tf.json alone; it checks the directory has nothing malformed)', async () => {
    await expect(run(terraform, ['fmt', '-check', '-recursive'], { cwd: dir, env })).resolves.toBeDefined();
  });

  it('carry every argument the resource schema requires, with values Azure accepts', () => {
    expect(Object.keys(rules).length).toBeGreaterThan(0);
    for (const [id, rule] of Object.entries(rules)) {
      for (const key of REQUIRED) expect(rule, `${id}.${key}`).toHaveProperty(key);
      for (const key of REQUIRED_CRITERIA)
        expect(rule.criteria[0], `${id}.criteria.${key}`).toHaveProperty(key);
      expect(rule.action[0]?.action_groups).toEqual([`\${var.action_group_id}`]);
      expect(WINDOW_DURATIONS).toContain(rule.window_duration);
      expect([0, 1, 2, 3, 4]).toContain(rule.severity);
      expect(String(rule.name)).toMatch(/^[^<>*%&:\\?+/]{1,260}$/);
    }
  });
});
