import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateManagementPolicy } from '@terrarium/state';
import { describe, expect, it } from 'vitest';
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

  it('has the rule families and account settings the generator and applyStoragePolicy use', async () => {
    const main = await readFile(join(moduleDir, 'main.tf'), 'utf8');
    const families = new Set(
      generateManagementPolicy(policyCatalog).policy.rules.map((rule) =>
        rule.name.replace(/-\d+d(-\d+)?$/, '-<n>d'),
      ),
    );
    expect([...families].sort()).toEqual([
      'backups-<n>d',
      'backups-backstop',
      'ephemeral-states-backstop',
      'slo-history',
      'state-snapshots-<n>d',
      'state-versions',
    ]);
    for (const name of [
      'state-versions',
      `state-snapshots-\${days}d`,
      `backups-\${rule.value}d`,
      'backups-backstop',
      'ephemeral-states-backstop',
      'slo-history',
    ])
      expect(main).toContain(`"${name}"`);
    for (const tag of ['"terrarium"', '"retention-days"', '"backup"', '"slo-history"'])
      expect(main).toContain(tag);
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
});
