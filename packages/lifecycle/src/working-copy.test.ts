import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { silentLogger } from '@terrarium/core';
import { recordingLogger } from '@terrarium/core/testing';
import { describe, expect, it } from 'vitest';
import { createWorkingCopy } from './working-copy.js';

/** `<tmp>/infra` with files, a modules folder, terraform's own files, and a sibling `<tmp>/shared`. */
function repository(): string {
  const root = mkdtempSync(join(tmpdir(), 'terrarium-copy-'));
  const module = join(root, 'infra');
  mkdirSync(join(module, 'modules', 'app'), { recursive: true });
  mkdirSync(join(module, '.terraform', 'providers'), { recursive: true });
  mkdirSync(join(root, 'shared'));
  writeFileSync(join(module, 'main.tf'), 'module "app" { source = "./modules/app" }\n');
  writeFileSync(join(module, 'modules', 'app', 'main.tf'), '# app\n');
  writeFileSync(join(module, '.terraform.lock.hcl'), '# lock\n');
  writeFileSync(join(module, 'errored.tfstate'), '{"lineage":"someone else"}\n');
  writeFileSync(join(module, 'terraform.tfstate'), '{}\n');
  return module;
}

describe('createWorkingCopy', () => {
  it('links every file and folder of the module in a sibling folder, leaving out terraform files of other runs', async () => {
    const module = repository();
    const copy = await createWorkingCopy(module, 'feat-pr-1', silentLogger);
    expect(dirname(copy.dir)).toBe(dirname(module));
    expect(readdirSync(copy.dir).sort()).toEqual(['.terraform.lock.hcl', 'main.tf', 'modules']);
    expect(lstatSync(join(copy.dir, 'main.tf')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(copy.dir, 'modules')).isSymbolicLink()).toBe(true);
    // The lock file is this run's to rewrite: a copy, not a link into the module.
    expect(lstatSync(join(copy.dir, '.terraform.lock.hcl')).isFile()).toBe(true);
    expect(readFileSync(join(copy.dir, 'modules', 'app', 'main.tf'), 'utf8')).toBe('# app\n');

    await copy.dispose();
    expect(existsSync(copy.dir)).toBe(false);
    // Removing the links never reached into what they point at.
    expect(readdirSync(module).sort()).toEqual([
      '.terraform',
      '.terraform.lock.hcl',
      'errored.tfstate',
      'main.tf',
      'modules',
      'terraform.tfstate',
    ]);
    expect(existsSync(join(module, 'modules', 'app', 'main.tf'))).toBe(true);
  });

  it("gives runs at once their own folders, and never links another run's copy", async () => {
    const module = repository();
    const [first, second] = await Promise.all([
      createWorkingCopy(module, 'feat-pr-1', silentLogger),
      createWorkingCopy(module, 'feat-pr-1', silentLogger),
    ]);
    expect(first?.dir).not.toBe(second?.dir);
    // A root module in the copies' parent folder (here: the folder above infra) skips them.
    const outer = await createWorkingCopy(dirname(module), 'dev', silentLogger);
    expect(readdirSync(outer.dir).filter((entry) => entry.startsWith('.terrarium-'))).toEqual([]);
    await Promise.all([first?.dispose(), second?.dispose(), outer.dispose()]);
  });

  it('keeps the copy when terraform left a state there that nobody saved, and says so', async () => {
    const module = repository();
    const logger = recordingLogger();
    const copy = await createWorkingCopy(module, 'feat-pr-2', logger);
    writeFileSync(join(copy.dir, 'errored.tfstate'), '{"lineage":"mine"}\n');
    await copy.dispose();
    expect(readFileSync(join(copy.dir, 'errored.tfstate'), 'utf8')).toBe('{"lineage":"mine"}\n');
    expect(logger.lines.map((line) => line.message)).toContain(
      `Kept ${copy.dir}: it holds errored.tfstate, a state terraform could not save.`,
    );
  });

  it('runs in place when there is no module to copy: terraform says what is wrong with it', async () => {
    const logger = recordingLogger();
    const copy = await createWorkingCopy('/nonexistent-terrarium/infra', 'dev', logger);
    expect(copy.dir).toBe('/nonexistent-terrarium/infra');
    await copy.dispose();
    expect(logger.lines).toEqual([]);
  });

  it('runs in place, with a warning, when nothing can be written beside the module', async () => {
    // /proc lists like a folder and refuses new entries, even to root.
    const logger = recordingLogger();
    const copy = await createWorkingCopy('/proc/self', 'dev', logger);
    expect(copy.dir).toBe('/proc/self');
    expect(logger.lines.map((line) => [line.level, line.message])).toEqual([
      [
        'warning',
        expect.stringMatching(/^Could not make a working copy of \/proc\/self \(.+\); running in place/),
      ],
    ]);
  });
});
