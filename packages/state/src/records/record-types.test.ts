import type { EnvironmentRecord } from '@terrarium/core';
import { describe, expect, it } from 'vitest';
import {
  parseRecord,
  recordBlobName,
  recordMetadata,
  recordTags,
  summaryFrom,
  tagTime,
  tagValue,
} from './record-types.js';

const record: EnvironmentRecord = {
  schemaVersion: 1,
  environment: 'feat',
  instance: 'pr-123',
  envId: 'feat-pr-123',
  kind: 'ephemeral',
  stateContainer: 'tfstate',
  stateKey: 'feat/pr-123/terraform.tfstate',
  branch: 'feature/ünïcode "branch"',
  pullRequest: 123,
  commit: 'abc123',
  repository: 'octo/app',
  createdAt: '2026-11-20T10:00:00.000Z',
  updatedAt: '2026-11-20T10:05:00.000Z',
  expiresAt: '2026-11-21T10:00:00.000Z',
  status: 'ready',
  lastRunId: '9876543210',
  lastRunUrl: 'https://github.com/octo/app/actions/runs/9876543210',
  outputs: { url: 'https://feat-pr-123.example.net' },
  url: 'https://feat-pr-123.example.net',
  failureReason: undefined,
};

describe('recordBlobName', () => {
  it.each([
    ['feat/pr-123/terraform.tfstate', 'feat-pr-123', 'feat/pr-123/terrarium.json'],
    ['stg/terraform.tfstate', 'stg', 'stg/terrarium.json'],
    ['terraform.tfstate', 'feat-pr-9', 'feat-pr-9/terrarium.json'],
  ])('puts the record of %s beside it', (stateKey, envId, expected) => {
    expect(recordBlobName({ stateKey, envId })).toBe(expected);
  });
});

describe('tags', () => {
  it('are sortable times, valid tag characters and "never" for long-lived environments', () => {
    expect(recordTags(record)).toEqual({
      terrarium: 'record',
      env: 'feat-pr-123',
      environment: 'feat',
      instance: 'pr-123',
      kind: 'ephemeral',
      status: 'ready',
      expires_at: '2026-11-21T10:00:00Z',
      pr: '123',
    });
    const longLived = recordTags({
      ...record,
      kind: 'long-lived',
      instance: undefined,
      pullRequest: undefined,
      expiresAt: undefined,
    });
    expect(longLived.expires_at).toBe('never');
    expect(longLived).not.toHaveProperty('pr');
    expect(longLived).not.toHaveProperty('instance');
    // "never" sorts after every time, so `"expires_at" < '<now>'` never finds a long-lived environment.
    expect('never' > tagTime(new Date('2999-12-31T23:59:59Z'))).toBe(true);
  });

  it('replaces characters blob index tags do not allow', () => {
    expect(tagValue("it's #1 (ok)")).toBe('it_s _1 _ok_');
    expect(tagValue('x'.repeat(300))).toHaveLength(256);
    expect(tagTime('2026-11-21T10:00:00.999+02:00')).toBe('2026-11-21T08:00:00Z');
  });

  it('keep only header-safe metadata and round-trip through a listing entry', () => {
    const metadata = recordMetadata({ ...record, url: 'https://ünï.example' });
    expect(metadata).toEqual({
      schemaversion: '1',
      statecontainer: 'tfstate',
      statekey: 'feat/pr-123/terraform.tfstate',
      lastrunid: '9876543210',
    });
    const summary = summaryFrom({
      name: 'feat/pr-123/terrarium.json',
      tags: recordTags(record),
      metadata: recordMetadata(record),
    });
    expect(summary).toMatchObject({
      envId: 'feat-pr-123',
      environment: 'feat',
      instance: 'pr-123',
      kind: 'ephemeral',
      status: 'ready',
      expiresAt: '2026-11-21T10:00:00Z',
      pullRequest: 123,
      stateKey: 'feat/pr-123/terraform.tfstate',
      url: 'https://feat-pr-123.example.net',
    });
    expect(summaryFrom({ name: 'backups/x.tfstate', tags: { terrarium: 'backup' } })).toBeUndefined();
  });
});

describe('parseRecord', () => {
  it('reads what was written', () => {
    const back = parseRecord(JSON.stringify(record), 'feat/pr-123/terrarium.json');
    expect(back).toEqual(JSON.parse(JSON.stringify(record)));
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['another schema', JSON.stringify({ ...record, schemaVersion: 2 }), /schemaVersion 1/],
    ['an unknown status', JSON.stringify({ ...record, status: 'gone' }), /schemaVersion 1/],
  ])('refuses %s', (_name, text, message) => {
    expect(() => parseRecord(text, 'x/terrarium.json')).toThrow(message);
  });
});
