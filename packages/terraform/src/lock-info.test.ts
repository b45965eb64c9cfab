import { fixture } from '@terrarium/terraform/testing';
import { describe, expect, it } from 'vitest';
import { isLockError, isUnlockError, parseLockInfo } from './lock-info.js';

const captured = fixture('lock-error.txt');

describe('lock info from terraform output', () => {
  it('reads every field of the block terraform printed for a held azurerm lease', () => {
    expect(isLockError(captured)).toBe(true);
    expect(parseLockInfo(captured)).toEqual({
      id: '23fae9d9-b9ec-1985-7dc5-c47bd9c6f070',
      path: 'tfstate/feat/pr-1/terraform.tfstate',
      operation: 'OperationTypeApply',
      who: 'root@vm',
      version: '1.11.4',
      created: '2026-11-22 00:03:07.833083712 +0000 UTC',
      info: '',
    });
  });

  it('reads the same block in colour with the box drawn around it (no -no-color)', () => {
    const boxed = captured
      .split('\n')
      .map((line) => `\u001b[31m│\u001b[0m \u001b[0m${line}`)
      .join('\n');
    expect(parseLockInfo(boxed)?.id).toBe('23fae9d9-b9ec-1985-7dc5-c47bd9c6f070');
    expect(parseLockInfo(boxed)?.who).toBe('root@vm');
  });

  it('keeps a free-text Info and stops at the first line that is not a field', () => {
    const text = 'Lock Info:\n  ID:        abc\n  Info:      held by run 42: deploy\n\nTerraform acquires...';
    expect(parseLockInfo(text)).toMatchObject({ id: 'abc', info: 'held by run 42: deploy', who: '' });
  });

  it.each([
    ['an unrelated failure', 'Error: Invalid reference\n  on main.tf line 3'],
    ['a lock error without the block', 'Error: Error acquiring the state lock\n\nError message: 403'],
  ])('finds no lock info in %s', (_name, text) => {
    expect(parseLockInfo(text)).toBeUndefined();
  });

  it('does not call other errors lock errors', () => {
    expect(isLockError('Error: Failed to get existing workspaces: 404')).toBe(false);
  });

  it('tells a lock terraform could not release from one it could not take, and reads its id', () => {
    const unlock = fixture('unlock-error.txt');
    expect(isUnlockError(unlock)).toBe(true);
    expect(isLockError(unlock)).toBe(false);
    expect(isUnlockError(captured)).toBe(false);
    expect(parseLockInfo(unlock)).toMatchObject({
      id: '36ccb88f-92db-395c-52d1-da9d4427bc3b',
      who: 'root@vm',
    });
  });
});
