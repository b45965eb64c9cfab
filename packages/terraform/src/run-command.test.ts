import { ConfigurationError } from '@terrarium/core';
import { describe, expect, it } from 'vitest';
import { type OutputStream, type RunOptions, runCommand } from './run-command.js';

/** Runs a small node program as the "binary": real processes, real signals, no terraform needed. */
function node(script: string, overrides: Partial<RunOptions> = {}) {
  const lines: { line: string; stream: OutputStream }[] = [];
  const promise = runCommand({
    binary: process.execPath,
    args: ['-e', script],
    cwd: process.cwd(),
    env: { PATH: process.env.PATH },
    timeoutMs: 10_000,
    killGraceMs: 1_000,
    streamStdout: true,
    onLine: (line, stream) => lines.push({ line, stream }),
    ...overrides,
  });
  return { lines, promise };
}

describe('runCommand', () => {
  it('streams each line as it arrives and keeps all output, split across chunks and CRLF', async () => {
    const { lines, promise } = node(
      `process.stdout.write('one\\r\\ntw'); setTimeout(() => { process.stdout.write('o\\nthree'); process.stderr.write('é err\\n'); }, 50);`,
    );
    const result = await promise;
    expect(result).toMatchObject({
      exitCode: 0,
      timedOut: false,
      stdout: 'one\r\ntwo\nthree',
      stderr: 'é err\n',
    });
    expect(lines.filter((l) => l.stream === 'stdout').map((l) => l.line)).toEqual(['one', 'two', 'three']);
    expect(lines.filter((l) => l.stream === 'stderr').map((l) => l.line)).toEqual(['é err']);
  });

  it('captures stdout without streaming it when asked (JSON that may hold secrets)', async () => {
    const { lines, promise } = node(`console.log('{"secret":"s3cr3t"}')`, { streamStdout: false });
    expect((await promise).stdout).toContain('s3cr3t');
    expect(lines).toEqual([]);
  });

  it('passes arguments as an array: shell syntax reaches the program as text', async () => {
    const { promise } = node('console.log(JSON.stringify(process.argv.slice(1)))', {
      args: ['-e', 'console.log(JSON.stringify(process.argv.slice(1)))', '$(touch /tmp/x); echo `id`'],
    });
    expect(JSON.parse((await promise).stdout)).toEqual(['$(touch /tmp/x); echo `id`']);
  });

  it('reports the exit code of a failing command', async () => {
    const { promise } = node('process.exit(3)');
    expect(await promise).toMatchObject({ exitCode: 3, timedOut: false });
  });

  it('stops a command that runs too long with SIGTERM', async () => {
    const { promise } = node('setInterval(() => {}, 1000)', { timeoutMs: 200 });
    const result = await promise;
    expect(result).toMatchObject({ timedOut: true, signal: 'SIGTERM', exitCode: null });
  });

  it('falls back to SIGKILL when the command ignores SIGTERM', async () => {
    const { lines, promise } = node(
      `process.on('SIGTERM', () => console.log('ignoring SIGTERM')); setInterval(() => {}, 1000); console.log('ready')`,
      { timeoutMs: 1_500, killGraceMs: 300 },
    );
    const result = await promise;
    expect(result).toMatchObject({ timedOut: true, signal: 'SIGKILL' });
    expect(lines.map((l) => l.line)).toContain('ignoring SIGTERM');
  });

  it('turns a missing binary into a ConfigurationError that says what to install', async () => {
    const run = runCommand({
      binary: 'terraform-that-does-not-exist',
      args: ['version'],
      cwd: process.cwd(),
      env: { PATH: process.env.PATH },
      timeoutMs: 5_000,
      killGraceMs: 100,
      streamStdout: true,
      onLine: () => {},
    });
    await expect(run).rejects.toThrow(ConfigurationError);
    await expect(run).rejects.toThrow(/terraform-that-does-not-exist binary was not found/);
  });
});
