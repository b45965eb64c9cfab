import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTS } from '../../scripts/demo/run-demo.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface DemoRun {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

const started: ChildProcess[] = [];

// A failed or timed-out test must not leave a demo running.
afterEach(() => {
  for (const child of started.splice(0)) {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
});

/** `pnpm demo`'s entry, as the root package.json runs it. */
function startDemo(): DemoRun {
  const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['scripts/demo.ts'], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, as a shell gives a foreground job, so Ctrl-C can be sent as a terminal does.
    detached: true,
  });
  started.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, output: () => output, exit };
}

/** The loopback ports the demo announced: Azurite, the proxy, the GitHub fake, the LLM service. */
function announcedPorts(output: string): number[] {
  return [...output.matchAll(/(?:https?:\/\/)127\.0\.0\.1:(\d+)/g)].map((match) => Number(match[1]));
}

function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

function sampleModuleEntries(): string[] {
  return readdirSync(join(root, 'examples', 'terraform', 'sample')).sort();
}

describe('pnpm demo', () => {
  it('stops everything it started on Ctrl-C', async () => {
    const demo = startDemo();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no act started:\n${demo.output()}`)), 60_000);
      demo.child.stdout?.on('data', () => {
        if (demo.output().includes('Act 1')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    // A terminal's Ctrl-C: SIGINT to every process of the foreground job (tsx, the demo, Azurite).
    process.kill(-(demo.child.pid ?? 0), 'SIGINT');
    expect(await demo.exit).toBe(130);
    const ports = announcedPorts(demo.output());
    expect(ports.length).toBeGreaterThanOrEqual(4);
    for (const port of ports) expect(await refuses(port), `port ${port} still open`).toBe(true);
  }, 90_000);

  it('plays every act on the embedded default and ends with only long-lived environments', async () => {
    const before = sampleModuleEntries();
    const demo = startDemo();
    const code = await demo.exit;
    const output = demo.output();
    expect(code, output).toBe(0);

    for (const [index, act] of ACTS.entries()) {
      expect(output).toContain(`✔ Act ${index + 1} ${act.title}: passed`);
    }
    // Key results of each act, as the person watching reads them.
    expect(output).toContain('env-id: feat-pr-42');
    expect(output).toContain('env-id: perf-run-9876543210');
    expect(output).toMatch(/status: (met|breached)/);
    expect(output).toContain('failure-reason: confirmation-required');
    expect(output).toContain('✔ terraform never ran');
    expect(output).toContain('env-id: stg');
    expect(output).toMatch(/destroyed: \["feat-pr-42"\]/);
    expect(output).toMatch(/destroyed: \[[^\]]*"feat-pr-7"[^\]]*\]/);

    // The last table lists only the long-lived environment the story deployed.
    const finalTable = output.slice(
      output.lastIndexOf('What is left'),
      output.indexOf('Act 6 Final status: passed'),
    );
    expect(finalTable).toMatch(/^\s+stg\s+ready\s/m);
    expect(finalTable).not.toMatch(/feat-|perf-/);

    expect(output).toMatch(/Demo complete: total time \d+\.\d s/);
    const summaries = /Job summaries: (\S+)/.exec(output)?.[1] ?? '';
    expect(existsSync(summaries) && readdirSync(summaries).length).toBeGreaterThan(0);
    await rm(dirname(summaries), { recursive: true, force: true });
    // Nothing secret on screen, nothing left running, nothing written into the repository.
    expect(output).not.toMatch(/AccountKey=|ghs_demo|::add-mask::/);
    for (const port of announcedPorts(output))
      expect(await refuses(port), `port ${port} still open`).toBe(true);
    expect(sampleModuleEntries()).toEqual(before);
  }, 180_000);
});
