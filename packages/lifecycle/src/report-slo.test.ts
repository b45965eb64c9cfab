import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testBed } from '@terrarium/lifecycle/testing';
import { describe, expect, it } from 'vitest';
import { reportSlo, type SloReportRequest } from './report-slo.js';

const SLO = `apiVersion: terrarium.dev/v1alpha1
kind: SLO
metadata: { name: chat-slo }
spec:
  timeWindow: 1h
  services:
    - name: chat
      match: chat
      objectives:
        - { name: availability, indicator: availability, targetPercent: 90 }
`;

/** An SLO file and a results file in which `failures` of 10 chat requests failed. */
async function files(failures: number): Promise<Pick<SloReportRequest, 'sloFile' | 'results' | 'format'>> {
  const dir = await mkdtemp(join(tmpdir(), 'report-slo-unit-'));
  await writeFile(join(dir, 'slo.yaml'), SLO);
  const lines = Array.from({ length: 10 }, (_, i) =>
    JSON.stringify({
      timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      durationMs: 100,
      name: 'chat',
      success: i >= failures,
    }),
  );
  await writeFile(join(dir, 'run-1.jsonl'), `${lines.join('\n')}\n`);
  return { sloFile: join(dir, 'slo.yaml'), results: [join(dir, 'run-*.jsonl')], format: 'auto' };
}

describe('reportSlo', () => {
  it('judges the results a glob names, writes report.json and comments on the pull request', async () => {
    const bed = testBed();
    const reportDir = await mkdtemp(join(tmpdir(), 'report-slo-out-'));
    const result = await reportSlo(bed.deps, {
      ...(await files(0)),
      reportDir,
      github: { pullRequest: 12, incidents: true, runUrl: 'https://github.com/o/r/actions/runs/1' },
    });
    expect(result.report.status).toBe('met');
    expect(result.verdict).toEqual({ level: 'info', message: 'SLO chat-slo: all 1 objectives met.' });
    expect(JSON.parse(await readFile(result.reportFile ?? '', 'utf8')).status).toBe('met');
    // A pull request gets the comment; incident issues are for runs without one.
    expect(bed.github.sloComments).toEqual([
      { pullRequest: 12, sloName: 'chat-slo', markdown: result.markdown },
    ]);
    expect(bed.github.incidentReports).toEqual([]);
  });

  it('fails on a breach only when asked to, and opens incidents when no pull request is named', async () => {
    const bed = testBed();
    const request = {
      ...(await files(5)),
      github: { pullRequest: undefined, incidents: true, runUrl: undefined },
    };
    const warned = await reportSlo(bed.deps, request);
    expect(warned.verdict.level).toBe('warning');
    expect(warned.verdict.message).toMatch(/^SLO chat-slo: 1 objective\(s\) not met: chat\/availability/);
    expect(bed.github.incidentReports).toHaveLength(1);
    const failed = await reportSlo(bed.deps, { ...request, failOnBreach: true });
    expect(failed.verdict.level).toBe('failed');
    expect(failed.reportFile).toBeUndefined();
  });

  it('keeps the verdict when GitHub fails, and asks GitHub nothing when not told to', async () => {
    const bed = testBed();
    bed.github.sloComment = async () => {
      throw new Error('GitHub is down');
    };
    const request = { ...(await files(0)), github: { pullRequest: 3, incidents: false, runUrl: undefined } };
    const result = await reportSlo(bed.deps, request);
    expect(result.report.status).toBe('met');
    expect(bed.logger.lines).toContainEqual({
      level: 'warning',
      message: 'Could not update GitHub (GitHub is down); the SLO report itself is complete.',
    });
    const silent = testBed();
    await reportSlo(silent.deps, { ...request, github: undefined });
    expect(silent.journal.calls).toEqual([]);
  });
});
