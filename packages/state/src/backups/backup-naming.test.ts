import { describe, expect, it } from 'vitest';
import {
  backupBlobName,
  backupPrefix,
  checkBackupReason,
  formatBackupTimestamp,
  parseBackupBlobName,
  parseBackupTimestamp,
} from './backup-naming.js';
import { parseStateDocument, serializeStateDocument } from './backup-state-document.js';

describe('backup names', () => {
  const at = new Date('2026-01-02T03:04:05.006Z');

  it('are sortable UTC timestamps under backups/<envId>/', () => {
    expect(formatBackupTimestamp(at)).toBe('20260102T030405006Z');
    expect(backupBlobName('feat-pr-1', at, 'pre-restore')).toBe(
      'backups/feat-pr-1/20260102T030405006Z-pre-restore.tfstate',
    );
    const earlier = backupBlobName('x', new Date('2025-12-31T23:59:59.999Z'), 'b');
    expect(earlier < backupBlobName('x', at, 'a')).toBe(true);
  });

  it('parse back to what made them', () => {
    expect(parseBackupBlobName(backupBlobName('stg', at, 'manual'))).toEqual({
      envId: 'stg',
      createdAt: at,
      reason: 'manual',
    });
    expect(parseBackupTimestamp('20261301T000000000Z')).toBeUndefined();
    for (const name of [
      'backups/stg/manual.tfstate',
      'backups/stg/20260102T030405006Z-manual.json',
      'records/stg/20260102T030405006Z-manual.tfstate',
      'backups//20260102T030405006Z-manual.tfstate',
      'backups/stg/20260102T030405006Z-Bad_Reason.tfstate',
    ])
      expect(parseBackupBlobName(name)).toBeUndefined();
  });

  it.each([['Manual'], ['-x'], ['x-'], ['a b'], [''], ['x'.repeat(41)]])('refuse the reason %j', (reason) => {
    expect(() => checkBackupReason(reason)).toThrow(/lowercase letters, digits and inner hyphens/);
  });

  it('refuse an environment id that would escape its folder', () => {
    expect(() => backupPrefix('a/b')).toThrow(/cannot name a backup folder/);
    expect(() => backupPrefix('')).toThrow(/cannot name a backup folder/);
  });
});

describe('state documents', () => {
  it('keep everything and write it back as terraform does', () => {
    const text = '{"version":4,"serial":3,"lineage":"l-1","resources":[],"outputs":{}}';
    const doc = parseStateDocument(text, 'state x');
    expect(doc).toMatchObject({ version: 4, serial: 3, lineage: 'l-1' });
    expect(serializeStateDocument(doc.raw)).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  });

  it.each([
    ['', /state x is empty/],
    ['nope', /state x is not JSON/],
    ['[1]', /expected a JSON object/],
    ['{"version":2,"serial":1,"lineage":"l"}', /"version" is missing or older than 3/],
    ['{"version":4,"serial":-1,"lineage":"l"}', /"serial" must be a whole number/],
    ['{"version":4,"serial":1}', /"lineage" is missing/],
  ])('refuse %j', (text, message) => {
    expect(() => parseStateDocument(text, 'state x')).toThrow(message);
  });
});
