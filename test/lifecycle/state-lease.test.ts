import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowDispatchPayload } from '../harness/webhook-payloads.js';
import { type ActionBed, type ActionRun, startActionBed } from './action-bed.js';

const dispatch = { name: 'workflow_dispatch', payload: workflowDispatchPayload() };

/** From the first resource change to `Apply complete!`: when this run was changing resources. */
function applyWindow(run: ActionRun): { from: number; to: number } | undefined {
  const command = run.lines.findIndex((line) => line.text.startsWith('$ terraform apply'));
  if (command < 0) return undefined;
  const after = run.lines.slice(command);
  const start = after.find((line) => /: (Creating|Modifying|Destroying)\.\.\./.test(line.text));
  if (!start) return undefined;
  const end = after.find((line) => /Apply complete!|Error:/.test(line.text));
  return { from: start.at, to: end?.at ?? after.at(-1)?.at ?? start.at };
}

describe('the state lease', () => {
  let bed: ActionBed;

  beforeAll(async () => {
    bed = await startActionBed();
  });
  afterAll(async () => {
    await bed?.stop();
  });

  it('never lets two provisions of one environment apply together', async () => {
    bed.github.setWorkflowRun(111, { status: 'in_progress' });
    bed.github.setWorkflowRun(222, { status: 'in_progress' });
    const inputs = { environment: 'dev', instance: '', vars: '{"sleep_seconds": 3}', deployment: 'false' };
    const [a, b] = await Promise.all([
      bed.run('provision-env', { inputs, event: dispatch, runId: '111' }),
      bed.run('provision-env', { inputs, event: dispatch, runId: '222' }),
    ]);
    const runs = [a, b];
    // At least one applies; the other finds nothing left to do, or is refused by the lease or a stale plan.
    expect(runs.filter((run) => run.code === 0).length, `${a.log}\n-----\n${b.log}`).toBeGreaterThanOrEqual(
      1,
    );
    for (const run of runs) {
      if (run.code !== 0) expect(['state-locked', 'apply-failed']).toContain(run.outputs['failure-reason']);
    }
    const windows = runs.map(applyWindow).filter((window) => window !== undefined);
    expect(windows.length).toBeGreaterThanOrEqual(1);
    if (windows.length === 2) {
      const [first, second] = windows.sort((x, y) => x.from - y.from) as [
        (typeof windows)[0],
        (typeof windows)[0],
      ];
      expect(second.from).toBeGreaterThanOrEqual(first.to);
    }
    const again = await bed.run('provision-env', { inputs, event: dispatch, runId: '223' });
    expect(again.code, again.log).toBe(0);
    expect(again.outputs.changed).toBe('false');
  });

  it('heals a lease left by a killed apply once its run has finished, and not while it is in progress', async () => {
    bed.github.setWorkflowRun(333, { status: 'in_progress' });
    const killed = bed.start('provision-env', {
      inputs: { environment: 'stg', confirm: 'stg', vars: '{"sleep_seconds": 60}', deployment: 'false' },
      event: dispatch,
      runId: '333',
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the apply never reached its provisioner')), 60_000);
      let seen = '';
      killed.child.stdout?.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes("Provisioning with 'local-exec'")) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    // The runner cancels the job: the action and the terraform it started die at once, holding the lease.
    process.kill(-(killed.child.pid as number), 'SIGKILL');
    await killed.done;
    const blob = bed.blobs().getContainerClient(bed.container).getBlobClient('stg/terraform.tfstate');
    expect((await blob.getProperties()).leaseState).toBe('leased');

    const waiting = await bed.run('provision-env', {
      inputs: { environment: 'stg', confirm: 'stg', 'lock-timeout': '2s', deployment: 'false' },
      event: dispatch,
      runId: '444',
    });
    expect(waiting.code).toBe(1);
    expect(waiting.outputs['failure-reason']).toBe('state-locked');
    expect(waiting.log).toMatch(
      /locked \(lock [0-9a-f-]{36}, operation OperationTypeApply, by .*workflow run 333 still running\)/,
    );
    expect((await blob.getProperties()).leaseState).toBe('leased');

    bed.github.setWorkflowRun(333, { status: 'completed', conclusion: 'cancelled' });
    const healed = await bed.run('provision-env', {
      inputs: { environment: 'stg', confirm: 'stg', 'lock-timeout': '2s', deployment: 'false' },
      event: dispatch,
      runId: '445',
    });
    expect(healed.code, healed.log).toBe(0);
    expect(healed.log).toMatch(
      /::warning::Broke the stale lease on stg\/terraform.tfstate .*workflow run 333, has finished/,
    );
    expect(healed.summary).toContain('Broke the stale lease');
    expect((await blob.getProperties()).leaseState).not.toBe('leased');
  });
});
