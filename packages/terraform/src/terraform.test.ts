import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordingLogger } from '@terrarium/core/testing';
import { fixture } from '@terrarium/terraform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TerraformCommandError, TerraformLockError } from './errors.js';
import { createTerraform } from './terraform.js';

/**
 * A stand-in binary that records its argv and environment and answers as terraform would for
 * the exit code and output chosen through FAKE_* variables. The real binary is exercised in
 * test/terraform; this pins down how the runner reads exit codes and output.
 */
const FAKE = `#!${process.execPath}
const fs = require('node:fs');
fs.writeFileSync(process.env.FAKE_RECORD, JSON.stringify({ argv: process.argv.slice(2), env: process.env }));
if (process.env.FAKE_STDOUT) process.stdout.write(process.env.FAKE_STDOUT);
if (process.env.FAKE_STDERR_FILE) process.stderr.write(fs.readFileSync(process.env.FAKE_STDERR_FILE));
process.exit(Number(process.env.FAKE_EXIT ?? 0));
`;

describe('createTerraform (with a stand-in binary)', () => {
  let dir: string;
  let binary: string;
  let record: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'terrarium-fake-tf-'));
    binary = join(dir, 'terraform');
    record = join(dir, 'record.json');
    await writeFile(binary, FAKE);
    await chmod(binary, 0o755);
    await writeFile(join(dir, 'lock.txt'), fixture('lock-error.txt'));
    await writeFile(join(dir, 'boom.txt'), 'Error: Unsupported argument\n\n  on main.tf line 4\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function recorded(): Promise<{ argv: string[]; env: Record<string, string> }> {
    return JSON.parse(await readFile(record, 'utf8'));
  }

  function terraform(env: Record<string, string | undefined>) {
    const logger = recordingLogger();
    return {
      logger,
      terraform: createTerraform({
        binary,
        workingDirectory: dir,
        logger,
        env: { FAKE_RECORD: record, ...env },
      }),
    };
  }

  it('sets the automation variables, merges env and removes variables set to undefined', async () => {
    process.env.TERRARIUM_FAKE_INHERITED = 'drop me';
    const { terraform: tf } = terraform({ TERRARIUM_FAKE_INHERITED: undefined, ARM_ACCESS_KEY: 'k' });
    await tf.init({ backendConfig: undefined });
    const { env } = await recorded();
    expect(env).toMatchObject({
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      CHECKPOINT_DISABLE: '1',
      ARM_ACCESS_KEY: 'k',
    });
    expect(env.TERRARIUM_FAKE_INHERITED).toBeUndefined();
    delete process.env.TERRARIUM_FAKE_INHERITED;
  });

  it('builds init arguments and logs them with secret backend values hidden', async () => {
    const { terraform: tf, logger } = terraform({});
    await tf.init({
      backendConfig: { storage_account_name: 'st', key: 'feat/pr-1/terraform.tfstate', access_key: 'SECRET' },
      backendConfigFile: 'backend.hcl',
      reconfigure: true,
      lockTimeout: '10s',
    });
    expect((await recorded()).argv).toEqual([
      'init',
      '-input=false',
      '-no-color',
      '-reconfigure',
      '-lock-timeout=10s',
      '-backend-config=storage_account_name=st',
      '-backend-config=key=feat/pr-1/terraform.tfstate',
      '-backend-config=access_key=SECRET',
      '-backend-config=backend.hcl',
    ]);
    const said = logger.lines.map((line) => line.message).join('\n');
    expect(said).toContain('-backend-config=access_key=***');
    expect(said).not.toContain('SECRET');
  });

  it.each([
    ['0', { changed: false }],
    ['2', { changed: true }],
  ])('plan exit code %s means %j', async (code, result) => {
    const { terraform: tf } = terraform({ FAKE_EXIT: code });
    expect(
      await tf.plan({ out: 'p.tfplan', varFiles: ['a.tfvars.json'], destroy: true, refresh: false }),
    ).toEqual(result);
    expect((await recorded()).argv).toEqual([
      'plan',
      '-input=false',
      '-no-color',
      '-detailed-exitcode',
      '-out=p.tfplan',
      '-destroy',
      '-refresh=false',
      '-var-file=a.tfvars.json',
    ]);
  });

  it('plan exit code 1 is a TerraformCommandError carrying the end of stderr', async () => {
    const { terraform: tf } = terraform({ FAKE_EXIT: '1', FAKE_STDERR_FILE: join(dir, 'boom.txt') });
    const error = await tf.plan({ out: 'p.tfplan' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TerraformCommandError);
    expect(error).not.toBeInstanceOf(TerraformLockError);
    expect(error).toMatchObject({
      exitCode: 1,
      stderrTail: ['Error: Unsupported argument', '  on main.tf line 4'],
    });
    expect((error as Error).message).toBe(
      'terraform plan failed with exit code 1:\nError: Unsupported argument\n  on main.tf line 4',
    );
  });

  it('recognises the lock error on any command and carries the parsed lock', async () => {
    const { terraform: tf } = terraform({ FAKE_EXIT: '1', FAKE_STDERR_FILE: join(dir, 'lock.txt') });
    const error = await tf.destroy({ lockTimeout: '0s' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TerraformLockError);
    expect((error as TerraformLockError).lock).toMatchObject({
      id: '23fae9d9-b9ec-1985-7dc5-c47bd9c6f070',
      who: 'root@vm',
      operation: 'OperationTypeApply',
    });
  });

  it('does not log output -json, which holds sensitive values, and parses it', async () => {
    const stdout = JSON.stringify({ db: { sensitive: true, type: 'string', value: 'p@ss' } });
    const { terraform: tf, logger } = terraform({ FAKE_STDOUT: stdout });
    expect(await tf.output()).toEqual({ db: { sensitive: true, type: 'string', value: 'p@ss' } });
    expect(logger.lines.map((line) => line.message).join('\n')).not.toContain('p@ss');
  });

  it('reads a plan as JSON by an argument array, never logging it: it holds sensitive values', async () => {
    const plan = { resource_changes: [{ address: 'x.y', change: { actions: ['create'], after: 'p@ss' } }] };
    const { terraform: tf, logger } = terraform({ FAKE_STDOUT: JSON.stringify(plan) });
    expect(await tf.showPlanJson('/tmp/run/terrarium.tfplan')).toEqual(plan);
    expect((await recorded()).argv).toEqual(['show', '-json', '-no-color', '/tmp/run/terrarium.tfplan']);
    expect(logger.lines.map((line) => line.message).join('\n')).not.toContain('p@ss');
    await expect(tf.showPlanJson('-chdir=/etc')).rejects.toThrow(/plan file "-chdir=\/etc" must be/);
  });

  it('says which command printed bad JSON without echoing the text', async () => {
    const { terraform: tf } = terraform({ FAKE_STDOUT: 'not json: p@ss' });
    await expect(tf.showState()).rejects.toThrow(/show -json did not print valid JSON \(14 characters\)/);
  });

  it('refuses a lock id that terraform would read as a flag', async () => {
    const { terraform: tf } = terraform({});
    await expect(tf.forceUnlock('-force')).rejects.toThrow(/lock id "-force" must be/);
  });
});
