import { prEvent, testBed } from '@terrarium/lifecycle/testing';
import { describe, expect, it } from 'vitest';
import { failureReasonOf } from './failure.js';
import { provisionEnvironment } from './provision.js';
import { teardownEnvironment } from './teardown.js';

const base = { lockTimeoutMs: 60_000 };

async function reasonOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return { reason: failureReasonOf(error), error: error as Error };
  }
  throw new Error('expected a failure');
}

async function provisioned(environment = 'feat', extra: Record<string, unknown> = {}) {
  const bed = testBed();
  await provisionEnvironment(bed.deps, {
    ...base,
    catalog: bed.catalog,
    environment,
    event: prEvent(9),
    ...extra,
  });
  bed.journal.calls.length = 0;
  return bed;
}

describe('teardownEnvironment', () => {
  it('destroys, archives the state, deletes state and record, deactivates the deployment and updates the comment', async () => {
    const bed = await provisioned();
    const result = await teardownEnvironment(bed.deps, {
      ...base,
      catalog: bed.catalog,
      environment: 'feat',
      event: prEvent(9),
    });
    expect(result.outcome).toBe('destroyed');
    const calls = bed.journal.calls;
    const destroyAt = calls.indexOf('terraform.destroy');
    // Record, comment, backup and init run side by side, all before destroy...
    for (const before of [
      'state.writeRecord:destroying',
      'github.comment:destroying',
      'state.backupState:pre-destroy',
      'terraform.init',
    ])
      expect(calls.indexOf(before), before).toBeLessThan(destroyAt);
    // ...and after it, in this order.
    expect(calls.slice(destroyAt)).toEqual([
      'terraform.destroy',
      'state.backupState:final',
      'state.deleteState',
      'state.deleteRecord',
      'github.deactivate',
      'github.comment:destroyed',
    ]);
    expect(bed.state.states.size).toBe(0);
    expect(bed.state.records.size).toBe(0);
    expect(bed.state.backups.map((backup) => backup.ref.name)).toEqual([
      expect.stringMatching(/pre-destroy/),
      expect.stringMatching(/final/),
    ]);
    expect(result.notes.join('\n')).toMatch(/Backup before destroy/);
  });

  it('reports an environment that does not exist as absent, without running terraform', async () => {
    const bed = testBed();
    const result = await teardownEnvironment(bed.deps, {
      ...base,
      catalog: bed.catalog,
      environment: 'feat',
      event: prEvent(77),
    });
    expect(result.outcome).toBe('absent');
    expect(bed.journal.calls).toEqual(['github.deactivate', 'github.comment:destroyed']);
  });

  it.each([
    ['dev', {}, 'long-lived-refused', /allow-long-lived: true/],
    ['dev', { allowLongLived: true }, 'confirmation-required', /confirm: dev/],
    ['prod', { allowLongLived: true, confirm: 'prod' }, 'confirmation-required', /confirm: PRODUCTION/],
  ])(
    'refuses long-lived %s with %j before anything is touched',
    async (environment, extra, reason, message) => {
      const bed = testBed();
      const failure = await reasonOf(
        teardownEnvironment(bed.deps, { ...base, catalog: bed.catalog, environment, ...extra }),
      );
      expect(failure.reason).toBe(reason);
      expect(failure.error.message).toMatch(message);
      expect(bed.journal.calls).toEqual([]);
    },
  );

  it('tears a long-lived environment down when allowed and confirmed', async () => {
    const bed = await provisioned('dev');
    const result = await teardownEnvironment(bed.deps, {
      ...base,
      catalog: bed.catalog,
      environment: 'dev',
      allowLongLived: true,
      confirm: 'dev',
    });
    expect(result.outcome).toBe('destroyed');
  });

  it('keeps state, record and a backup when destroy fails, and says why', async () => {
    const bed = await provisioned();
    bed.terraform.fail.destroy = new Error('refusing to destroy the database');
    const failure = await reasonOf(
      teardownEnvironment(bed.deps, {
        ...base,
        catalog: bed.catalog,
        environment: 'feat',
        event: prEvent(9),
      }),
    );
    expect(failure.reason).toBe('destroy-failed');
    expect(failure.error.message).toMatch(/terraform destroy failed: refusing to destroy the database/);
    expect(bed.state.states.size).toBe(1);
    expect([...bed.state.records.values()][0]).toMatchObject({
      status: 'teardown-failed',
      failureReason: 'destroy-failed',
    });
    expect(bed.state.backups).toHaveLength(1);
    expect(bed.journal.calls).not.toContain('state.deleteState');
    expect(bed.journal.calls).not.toContain('state.deleteRecord');
    expect(bed.github.comments.get(9)?.at(-1)).toMatchObject({
      status: 'teardown-failed',
      failureReason: 'destroy-failed',
    });
  });

  it('deletes nothing when the state still holds resources after destroy', async () => {
    const bed = await provisioned();
    bed.terraform.survivors = ['terraform_data.db'];
    const failure = await reasonOf(
      teardownEnvironment(bed.deps, {
        ...base,
        catalog: bed.catalog,
        environment: 'feat',
        event: prEvent(9),
      }),
    );
    expect(failure.reason).toBe('destroy-incomplete');
    expect(failure.error.message).toMatch(/still holds 1 resource/);
    expect(bed.state.records.size).toBe(1);
    expect(bed.journal.calls).not.toContain('state.deleteState');
  });

  it('does not destroy when the backup before destroy cannot be taken', async () => {
    const bed = await provisioned();
    bed.state.failBackup = true;
    const failure = await reasonOf(
      teardownEnvironment(bed.deps, {
        ...base,
        catalog: bed.catalog,
        environment: 'feat',
        event: prEvent(9),
      }),
    );
    expect(failure.reason).toBe('backup-failed');
    expect(bed.journal.calls).not.toContain('terraform.destroy');
    expect([...bed.state.records.values()][0]?.status).toBe('teardown-failed');
  });
});
