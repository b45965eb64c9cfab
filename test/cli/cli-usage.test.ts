import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeCatalog } from '../harness/catalog.js';
import { bundlePath, runBundle } from '../harness/run-bundle.js';

/** Usage and configuration mistakes: exit 2, a message saying what to change, no stack. */
describe('terrarium CLI usage', () => {
  let bundle: string;
  let dir: string;
  const cli = (...args: string[]) => runBundle(bundle, args, { cwd: dir, env: {} });

  beforeAll(() => {
    bundle = bundlePath('packages/cli');
    dir = mkdtempSync(join(tmpdir(), 'terrarium-usage-'));
  });

  it('prints the overall help on stdout with exit 0, and to stderr with exit 2 when no command is given', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    for (const command of [
      'status',
      'backup',
      'backups',
      'restore',
      'unlock',
      'sweep',
      'policy',
      'cost',
      'slo report',
      'slo alerts',
    ]) {
      expect(help.stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
    }
    const bare = await cli();
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toContain('Usage: terrarium <command>');
  });

  it('prints its version with --version or -V, and nothing else', async () => {
    const manifest = JSON.parse(
      readFileSync(new URL('../../packages/cli/package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    for (const flag of ['--version', '-V']) {
      const printed = await cli(flag);
      expect(printed).toMatchObject({ code: 0, stdout: `terrarium ${manifest.version}\n`, stderr: '' });
    }
  });

  it('prints a command help with its arguments and options', async () => {
    for (const args of [
      ['restore', '--help'],
      ['help', 'restore'],
    ]) {
      const run = await cli(...args);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Usage: terrarium restore <env> <backup-name> [options]');
      expect(run.stdout).toMatch(/--instance <name>\s+instance of an ephemeral environment/);
      expect(run.stdout).toMatch(/-y, --yes\s+skip the typed confirmation/);
      expect(run.stdout).toMatch(/-c, --config <file>/);
    }
    const slo = await cli('slo', 'report', '-h');
    expect(slo.stdout).toContain('Usage: terrarium slo report <slo-file> [results...] [options]');
  });

  it.each([
    [['deploy'], /unknown command "deploy". Commands: status, backup/],
    [['status', '--deeep'], /terrarium status: Unknown option '--deeep'. Run "terrarium status --help"/],
    [['backup'], /terrarium backup: missing argument: expected <env>/],
    [['backups', 'dev', 'extra'], /terrarium backups: unexpected argument "extra"/],
    [['sweep', '--concurrency', 'many'], /--concurrency must be a whole number of at least 1, not "many"/],
    [['slo', 'frobnicate'], /unknown command "slo frobnicate"/],
  ])('%j is a usage error', async (args, message) => {
    const run = await cli(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('says where a missing catalog was looked for and how to point at another', async () => {
    const run = await cli('status');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(join(dir, 'environments.yaml'));
    expect(run.stderr).toContain('--config');
  });

  it('reports a bad catalog at file:line:column, without a stack', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      [
        'version: 1',
        'backend:',
        '  storage-account: acct',
        'terraform:',
        '  root-module: .',
        'environments:',
        '  dev:',
        '    kind: sometimes',
        '',
      ].join('\n'),
    );
    const run = await cli('--config', 'bad.yaml', 'status', '--debug');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(
        `^error: ${file.replace(/[/.]/g, '\\$&')}:8:11: environments\\.dev\\.kind: "sometimes" is not allowed; use one of long-lived, ephemeral`,
        'm',
      ),
    );
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('prints the generated lifecycle policy as JSON that Azure would accept', async () => {
    const file = writeCatalog(
      dir,
      {
        account: 'acct',
        environments: {
          stg: { kind: 'long-lived', 'backup-retention-days': 30 },
          feat: { kind: 'ephemeral', ttl: '72h' },
        },
      },
      'policy.yaml',
    );
    const run = await cli('policy', '-c', file);
    expect(run.code, run.stderr).toBe(0);
    const policy = JSON.parse(run.stdout) as {
      policy: {
        rules: { name: string; type: string; definition: { filters: { prefixMatch?: string[] } } }[];
      };
    };
    expect(policy.policy.rules.length).toBeGreaterThan(0);
    expect(policy.policy.rules.every((rule) => rule.type === 'Lifecycle')).toBe(true);
    const prefixes = policy.policy.rules.flatMap((rule) => rule.definition.filters.prefixMatch ?? []);
    expect(prefixes).toContain('tfstate/feat/');
    expect(prefixes.some((prefix) => prefix.startsWith('tfstate/backups/'))).toBe(true);
  });
});
