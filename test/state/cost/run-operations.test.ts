import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OPERATIONS_PER_RUN } from '@terrarium/state';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azuriteOperations, byBillingClass } from '../../harness/azurite-operations.js';
import { pullRequestPayload, schedulePayload } from '../../harness/webhook-payloads.js';
import { type ActionBed, startActionBed } from '../../lifecycle/action-bed.js';

/**
 * The per-run operation counts `terrarium cost` multiplies by runs are measured here: what Azurite
 * served, by billing class, to the bundled actions and the real terraform for one pull request
 * environment's provision, an hourly sweep with nothing to do, and the teardown.
 */
describe('storage operations per run', () => {
  let bed: ActionBed;
  let dir: string;
  let log: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'terrarium-ops-'));
    log = join(dir, 'azurite-debug.log');
    bed = await startActionBed({ azuriteDebugLog: log });
    bed.github.setPull(801, { state: 'open' });
  });
  afterAll(async () => {
    await bed?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs one step and returns what Azurite served for it, by billing class. */
  async function measure(step: () => Promise<{ code: number; log: string }>) {
    const before = azuriteOperations(log).length;
    const run = await step();
    expect(run.code, run.log).toBe(0);
    const { free, ...billed } = byBillingClass(azuriteOperations(log).slice(before));
    return billed;
  }
  /** Within a quarter (and 2 operations) of what OPERATIONS_PER_RUN says, class by class. */
  function expectNear(measured: Record<string, number>, documented: (typeof OPERATIONS_PER_RUN)['sweep']) {
    for (const [op, count] of Object.entries(documented))
      expect(
        Math.abs((measured[op] ?? 0) - count),
        `${op}: measured ${measured[op]}, documented ${count}`,
      ).toBeLessThanOrEqual(Math.max(2, count / 4));
  }

  it('matches the documented counts for a provision, a sweep with nothing to do and a teardown', async () => {
    const provision = await measure(() =>
      bed.run('provision-env', {
        inputs: { environment: 'feat', comment: 'false' },
        event: { name: 'pull_request', payload: pullRequestPayload('opened', { number: 801 }) },
      }),
    );
    const sweep = await measure(() =>
      bed.run('teardown-env', {
        inputs: { mode: 'sweep' },
        event: { name: 'schedule', payload: schedulePayload() },
      }),
    );
    const teardown = await measure(() =>
      bed.run('teardown-env', {
        inputs: { environment: 'feat' },
        event: { name: 'pull_request', payload: pullRequestPayload('closed', { number: 801 }) },
      }),
    );
    expectNear(provision, OPERATIONS_PER_RUN.provision);
    expectNear(sweep, OPERATIONS_PER_RUN.sweep);
    expectNear(teardown, OPERATIONS_PER_RUN.teardown);
    // Nothing is free of charge but the deletes: a provision is mostly property reads and metadata writes.
    expect(provision.other).toBeGreaterThan(provision.write);
  });
});
