import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { silentLogger } from '@terrarium/core';
import { createWorkingCopy } from '@terrarium/lifecycle';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/**
 * A root module that reaches out of itself (`../shared`), into itself (`./modules/app`) and reads
 * a file by path.module, as real root modules do, run by the real terraform from a working copy.
 */
function repository(): string {
  const root = mkdtempSync(join(tmpdir(), 'terrarium-copy-tf-'));
  const infra = join(root, 'infra');
  mkdirSync(join(infra, 'modules', 'app'), { recursive: true });
  mkdirSync(join(root, 'shared'));
  writeFileSync(
    join(infra, 'main.tf'),
    `module "app" {
  source = "./modules/app"
}
module "shared" {
  source = "../shared"
}
output "greeting" {
  value = "\${trimspace(file("\${path.module}/greeting.txt"))} \${module.app.name} \${module.shared.name}"
}
`,
  );
  writeFileSync(join(infra, 'greeting.txt'), 'hello\n');
  writeFileSync(join(infra, 'modules', 'app', 'main.tf'), 'output "name" {\n  value = "app"\n}\n');
  writeFileSync(join(root, 'shared', 'main.tf'), 'output "name" {\n  value = "shared"\n}\n');
  return infra;
}

describe('a working copy of a root module, run by the real terraform', () => {
  it('resolves ./modules, ../modules and path.module as the module itself would, and keeps terraform out of it', async () => {
    const infra = repository();
    const copy = await createWorkingCopy(infra, 'feat-pr-1', silentLogger);
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: copy.dir,
      TF_DATA_DIR: join(copy.dir, '.terraform'),
      TF_CLI_CONFIG_FILE: '/dev/null',
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
    };
    await run('terraform', ['init', '-input=false', '-no-color'], { cwd: copy.dir, env });
    await run('terraform', ['apply', '-auto-approve', '-input=false', '-no-color'], { cwd: copy.dir, env });
    const { stdout } = await run('terraform', ['output', '-raw', 'greeting'], { cwd: copy.dir, env });
    expect(stdout).toBe('hello app shared');
    // terraform's files (its data folder, the local state) went to the copy, none to the module.
    expect(readdirSync(copy.dir)).toEqual(expect.arrayContaining(['.terraform', 'terraform.tfstate']));
    expect(readdirSync(infra).sort()).toEqual(['greeting.txt', 'main.tf', 'modules']);
    await copy.dispose();
    expect(readFileSync(join(infra, 'greeting.txt'), 'utf8')).toBe('hello\n');
  });
});
