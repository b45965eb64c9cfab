import { describe, expect, it } from 'vitest';
import { parseSloHistoryBlobName, sloHistoryBlobName, sloHistoryPrefix } from './slo-history-naming.js';

describe('SLO history blob names', () => {
  const at = new Date('2026-11-29T02:17:03.045Z');

  it('put each report under its SLO set, service, year and month, named by its time and run', () => {
    const name = sloHistoryBlobName({ slo: 'llm-platform', service: 'llm-chat', at, runId: '9876543210' });
    expect(name).toBe('slo-history/llm-platform/llm-chat/2026/11/20261129T021703045Z-9876543210.json');
    expect(parseSloHistoryBlobName(name)).toEqual({
      slo: 'llm-platform',
      service: 'llm-chat',
      at,
      runId: '9876543210',
    });
  });

  it('sort in time order within a month, whatever the run', () => {
    const names = ['9', '10', '1'].map((runId, i) =>
      sloHistoryBlobName({ slo: 's', service: 'a', at: new Date(at.getTime() + i * 86_400_000), runId }),
    );
    expect([...names].sort()).toEqual(names);
  });

  it('make an odd run id safe rather than refusing the report', () => {
    expect(sloHistoryBlobName({ slo: 's', service: 'a', at, runId: '../x y' })).toBe(
      'slo-history/s/a/2026/11/20261129T021703045Z----x-y.json',
    );
  });

  it('refuse names the SLO file could never have given, and read no other blob as a report', () => {
    expect(() => sloHistoryPrefix('../prod')).toThrow('SLO name "../prod" cannot name a history folder');
    expect(() => sloHistoryPrefix('llm', '..')).toThrow('service name ".." cannot name a history folder');
    expect(parseSloHistoryBlobName('slo-history/pr-5/terraform.tfstate')).toBeUndefined();
    expect(parseSloHistoryBlobName('slo-history/s/a/2026/12/20261129T021703045Z-1.json')).toBeUndefined();
    expect(parseSloHistoryBlobName('slo-history/s/a/2026/11/20261129T021703045Z-1.json.bak')).toBeUndefined();
  });
});
