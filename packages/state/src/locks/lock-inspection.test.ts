import { describe, expect, it } from 'vitest';
import { assessLock, decodeLockInfo, lockFrom, runIdFromLock, type StateLock } from './lock-inspection.js';

function encode(info: object): string {
  return Buffer.from(JSON.stringify(info)).toString('base64');
}

const now = new Date('2026-11-22T12:00:00Z');
const HOUR = 3_600_000;

function lock(createdHoursAgo: number, extra: Partial<StateLock> = {}): StateLock {
  return {
    leaseState: 'leased',
    id: 'f2c1a9e0-0000-4000-8000-000000000001',
    path: 'tfstate/feat/pr-1/terraform.tfstate',
    operation: 'OperationTypeApply',
    who: 'runner@fv-az123-456',
    version: '1.11.4',
    created: new Date(now.getTime() - createdHoursAgo * HOUR),
    info: '',
    ...extra,
  };
}

describe('decodeLockInfo', () => {
  it('reads terraform lock info with nanosecond times', () => {
    const value = encode({
      ID: 'abc',
      Operation: 'OperationTypePlan',
      Info: '',
      Who: 'me@host',
      Version: '1.11.4',
      Created: '2026-11-22T11:59:00.123456789Z',
      Path: 'tfstate/stg/terraform.tfstate',
    });
    expect(decodeLockInfo(value)).toEqual({
      id: 'abc',
      operation: 'OperationTypePlan',
      info: '',
      who: 'me@host',
      version: '1.11.4',
      created: new Date('2026-11-22T11:59:00.123Z'),
      path: 'tfstate/stg/terraform.tfstate',
    });
  });

  it('gives nothing for what is not lock info', () => {
    expect(decodeLockInfo(undefined)).toBeUndefined();
    expect(decodeLockInfo(Buffer.from('not json').toString('base64'))).toBeUndefined();
  });

  it('sees a lock only while the lease is held', () => {
    expect(lockFrom('available', { terraformlockid: encode({ ID: 'x' }) })).toBeUndefined();
    expect(lockFrom('leased', {})).toMatchObject({ leaseState: 'leased', id: undefined });
  });

  it('finds the lock info under any case of its name (listings keep the case terraform sent)', () => {
    expect(lockFrom('leased', { Terraformlockid: encode({ ID: 'x', Who: 'a@b' }) })).toMatchObject({
      id: 'x',
      who: 'a@b',
    });
  });
});

describe('runIdFromLock', () => {
  it.each([
    [{ info: 'https://github.com/o/r/actions/runs/9876543210/job/1', who: 'a@b' }, '9876543210'],
    [{ info: '', who: 'runner run-id=12345' }, '12345'],
    [{ info: 'run 4242', who: '' }, '4242'],
    [{ info: '', who: 'runner@fv-az123-456' }, undefined],
  ])('finds the run in %j', (where, expected) => {
    expect(runIdFromLock(where)).toBe(expected);
  });
});

describe('assessLock', () => {
  const staleAfterMs = 6 * HOUR;
  const statusOf = (status: 'in_progress' | 'completed' | 'unknown') => async (_runId: string) => status;

  it.each([
    ['a young lock of a completed run', 1, 'completed', true, false, /run 77, has completed/],
    ['an old lock of a run in progress', 48, 'in_progress', false, true, /still in progress/],
    ['an old lock of an unknown run', 48, 'unknown', true, false, /2 days old/],
    ['a young lock of an unknown run', 1, 'unknown', false, false, /only 1 h 0 min old/],
  ] as const)('judges %s', async (_name, hours, status, stale, live, reason) => {
    const result = await assessLock(lock(hours), {
      now,
      staleAfterMs,
      holderRunId: '77',
      runStatus: statusOf(status),
    });
    expect(result).toMatchObject({ stale, live, holderRunId: '77', lockId: lock(0).id });
    expect(result.reason).toMatch(reason);
  });

  it('goes by age alone when no run is known', async () => {
    expect((await assessLock(lock(7), { now, staleAfterMs })).stale).toBe(true);
    expect((await assessLock(lock(5), { now, staleAfterMs })).stale).toBe(false);
    expect((await assessLock(lock(5, { created: undefined }), { now, staleAfterMs })).stale).toBe(false);
  });

  it('asks about the run named in the lock when the caller knows none', async () => {
    const asked: string[] = [];
    const result = await assessLock(lock(1, { info: 'https://github.com/o/r/actions/runs/555' }), {
      now,
      staleAfterMs,
      runStatus: async (runId) => {
        asked.push(runId);
        return 'completed';
      },
    });
    expect(asked).toEqual(['555']);
    expect(result.stale).toBe(true);
  });
});
