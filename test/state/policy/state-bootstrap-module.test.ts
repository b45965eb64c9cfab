import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ManagementPolicyRule } from '@azure/arm-storage';
import { type Catalog, parseCatalog } from '@terrarium/core';
import { generateManagementPolicy } from '@terrarium/state';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogYaml } from '../../harness/catalog.js';
import { ModuleRunner } from './module-runner.js';
import { policyCatalog } from './policy-catalog.js';

const run = promisify(execFile);
const moduleDir = new URL('../../../examples/terraform/state-bootstrap/', import.meta.url).pathname;
const terraformEnv = {
  ...process.env,
  TF_CLI_CONFIG_FILE: '/dev/null',
  CHECKPOINT_DISABLE: '1',
  TF_IN_AUTOMATION: '1',
};

async function fmtCheck(dir: string): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run('terraform', ['fmt', '-check', '-recursive', dir], { env: terraformEnv });
    return { code: 0, stdout };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string };
    return { code: failure.code ?? -1, stdout: failure.stdout ?? '' };
  }
}

describe('examples/terraform/state-bootstrap', () => {
  it('is formatted as terraform fmt wants', async () => {
    expect(await fmtCheck(moduleDir)).toEqual({ code: 0, stdout: '' });
  });

  it('fmt -check does catch a badly formatted copy', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'terrarium-fmt-'));
    try {
      await cp(moduleDir, dir, { recursive: true });
      const file = join(dir, 'outputs.tf');
      await writeFile(file, (await readFile(file, 'utf8')).replace('description = ', 'description     =   '));
      const result = await fmtCheck(dir);
      expect(result.code).not.toBe(0);
      expect(result.stdout).toContain('outputs.tf');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('writes the rules of its provider-free rules module, with the account settings applyStoragePolicy uses', async () => {
    const main = await readFile(join(moduleDir, 'main.tf'), 'utf8');
    expect(main).toContain('source = "./rules"');
    expect(main).toContain('for_each = module.rules.rules');
    for (const setting of [
      'min_tls_version                 = "TLS1_2"',
      'https_traffic_only_enabled      = true',
      'allow_nested_items_to_be_public = false',
      'versioning_enabled  = true',
      'account_replication_type = "LRS"',
      'account_kind             = "StorageV2"',
    ])
      expect(main).toContain(setting);
  });

  describe('its rules module, run with the real terraform', () => {
    const runner = new ModuleRunner(join(moduleDir, 'rules'));
    beforeAll(() => runner.start(), 120_000);
    afterAll(() => runner.stop());

    /** Rules in name order, prefixes sorted: terraform walks maps by key, the generator the catalog's order. */
    const normalized = (rules: ManagementPolicyRule[]) =>
      [...rules]
        .map((rule) => {
          const filters = rule.definition.filters;
          return filters?.prefixMatch
            ? {
                ...rule,
                definition: {
                  ...rule.definition,
                  filters: { ...filters, prefixMatch: [...filters.prefixMatch].sort() },
                },
              }
            : rule;
        })
        .sort((a, b) => a.name.localeCompare(b.name));

    it.each([
      ['the policy catalog', policyCatalog],
      ['the defaults and many retentions', sampleCatalog()],
    ])('makes exactly the policy terrarium policy generates for %s', async (_label, catalog) => {
      const result = await runner.evaluate<{ rules: ManagementPolicyRule[] }>({
        containers: [catalog.backend.container],
        environments: Object.fromEntries(
          catalog.environments.map((env) => [
            env.name,
            {
              kind: env.kind,
              backup_retention_days: env.backupRetentionDays,
              container: catalog.backend.container,
            },
          ]),
        ),
        versions_to_cool_after_days: catalog.lifecycle.versionsToCoolAfterDays,
        delete_versions_after_days: catalog.lifecycle.deleteVersionsAfterDays,
        backups_to_cold_after_days: catalog.lifecycle.backupsToColdAfterDays,
        delete_ephemeral_state_after_days: catalog.lifecycle.deleteEphemeralStateAfterDays,
        main_container: catalog.backend.container,
        delete_slo_history_after_days: catalog.lifecycle.deleteSloHistoryAfterDays,
      });
      expect(result.error).toBeUndefined();
      expect(normalized(result.value?.rules ?? [])).toEqual(
        normalized(generateManagementPolicy(catalog).policy.rules),
      );
    });

    it('covers every tier container as the generator does when given them', async () => {
      const catalog = sampleCatalog();
      const containerOf = (env: { kind: string }) =>
        env.kind === 'ephemeral' ? 'tfstate-ephemeral' : 'tfstate';
      const result = await runner.evaluate<{ rules: ManagementPolicyRule[] }>({
        containers: ['tfstate', 'tfstate-ephemeral'],
        environments: Object.fromEntries(
          catalog.environments.map((env) => [
            env.name,
            { kind: env.kind, backup_retention_days: env.backupRetentionDays, container: containerOf(env) },
          ]),
        ),
        versions_to_cool_after_days: catalog.lifecycle.versionsToCoolAfterDays,
        delete_versions_after_days: catalog.lifecycle.deleteVersionsAfterDays,
        backups_to_cold_after_days: catalog.lifecycle.backupsToColdAfterDays,
        delete_ephemeral_state_after_days: catalog.lifecycle.deleteEphemeralStateAfterDays,
        main_container: 'tfstate',
        delete_slo_history_after_days: catalog.lifecycle.deleteSloHistoryAfterDays,
      });
      expect(result.error).toBeUndefined();
      const scopes = ['tfstate', 'tfstate-ephemeral'].map((container) => {
        const here = catalog.environments.filter((env) => containerOf(env) === container);
        return { container, keyPrefix: '', states: here, backups: here };
      });
      expect(normalized(result.value?.rules ?? [])).toEqual(
        normalized(generateManagementPolicy(catalog, { scopes }).policy.rules),
      );
    });
  });
});

/** dev, prod and three PR-like environments, the catalog's own lifecycle defaults, retentions 7 to 400 days. */
function sampleCatalog(): Catalog {
  return parseCatalog(
    catalogYaml({
      account: 'sttfstate001',
      rootModule: 'infra',
      environments: {
        dev: { kind: 'long-lived' },
        stg: { kind: 'long-lived', safety: 'enhanced' },
        prod: { kind: 'long-lived', safety: 'maximum', 'backup-retention-days': 400 },
        feat: { kind: 'ephemeral', ttl: '3d' },
        perf: { kind: 'ephemeral', ttl: '6h', 'backup-retention-days': 35 },
        demo: { kind: 'ephemeral', ttl: '2d', 'backup-retention-days': 130 },
      },
    }),
    '/repo/environments.yaml',
  );
}
