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

  describe('with history', () => {
    const DAY = 86_400_000;
    /** An SLO file with a latency objective, and a night's results whose p95 is `p95` ms. */
    async function night(p95: number): Promise<Pick<SloReportRequest, 'sloFile' | 'results' | 'format'>> {
      const dir = await mkdtemp(join(tmpdir(), 'report-slo-night-'));
      await writeFile(
        join(dir, 'slo.yaml'),
        SLO.replace(
          '        - { name: availability, indicator: availability, targetPercent: 90 }',
          '        - { name: availability, indicator: availability, targetPercent: 90 }\n        - { name: latency-p95, indicator: latency, percentile: 95, threshold: 500 }',
        ).replace('  timeWindow: 1h', '  timeWindow: 1h\n  baselineReports: 3'),
      );
      // 20 requests: 19 at 100 ms and one at `p95` (nearest rank: the 19th of 20 is p95).
      const lines = Array.from({ length: 20 }, (_, i) =>
        JSON.stringify({
          timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
          durationMs: i < 2 ? p95 : 100,
          name: 'chat',
          success: true,
        }),
      );
      await writeFile(join(dir, 'r.jsonl'), `${lines.join('\n')}\n`);
      return { sloFile: join(dir, 'slo.yaml'), results: [join(dir, 'r.jsonl')], format: 'auto' };
    }

    it('keeps each night under its own time and run, judges it by the median of the last kept ones, and shows the trend', async () => {
      const bed = testBed();
      const results: Awaited<ReturnType<typeof reportSlo>>[] = [];
      for (const [i, p95] of [200, 300, 250, 240, 400].entries()) {
        results.push(
          await reportSlo(bed.deps, {
            ...(await night(p95)),
            history: { runId: String(100 + i), runUrl: `https://github.com/o/r/actions/runs/${100 + i}` },
            github: { pullRequest: undefined, incidents: true, runUrl: undefined },
          }),
        );
        bed.clock.advance(DAY);
      }
      expect(bed.history.entries.map((e) => [e.generatedAt, e.run.id, e.stats.latencyMs.p95])).toEqual([
        ['2026-11-22T00:00:00.000Z', '100', 200],
        ['2026-11-23T00:00:00.000Z', '101', 300],
        ['2026-11-24T00:00:00.000Z', '102', 250],
        ['2026-11-25T00:00:00.000Z', '103', 240],
        ['2026-11-26T00:00:00.000Z', '104', 400],
      ]);
      const first = results[0];
      expect(first?.report.baseline).toBeUndefined();
      expect(first?.kept).toEqual(['slo-history/chat-slo/chat/2026-11-22T00:00:00.000Z-100.json']);
      // Night 5 against the median of nights 2-4 (baselineReports: 3): 250 ms, so 400 is +60%.
      const last = results[4];
      expect(last?.report.baseline).toBe('median of the last 3 kept reports, 2026-11-23 to 2026-11-25');
      expect(last?.report.regressions.find((r) => r.metric === 'p95 latency (ms)')).toMatchObject({
        baseline: 250,
        current: 400,
        changePercent: 60,
        regressed: true,
      });
      // Night 4 (240 ms) against the median of 200, 300, 250 is better: not flagged.
      expect(results[3]?.report.regressions.find((r) => r.metric === 'p95 latency (ms)')?.regressed).toBe(
        false,
      );
      expect(last?.markdown).toContain('### Trend: chat, last 5 nights');
      expect(last?.markdown).toContain('  line [200, 300, 250, 240, 400]');
      // The incident sync gets each objective's trend.
      expect(Object.keys(bed.github.incidentTrends.at(-1) ?? {})).toEqual([
        'chat/availability',
        'chat/latency-p95',
      ]);
    });

    it('prefers a baseline file to the kept reports, and keeps the report all the same', async () => {
      const bed = testBed();
      const first = await reportSlo(bed.deps, { ...(await night(200)), history: { runId: '1' } });
      const dir = await mkdtemp(join(tmpdir(), 'report-slo-baseline-'));
      await writeFile(join(dir, 'base.json'), JSON.stringify(first.report));
      bed.clock.advance(DAY);
      const second = await reportSlo(bed.deps, {
        ...(await night(300)),
        history: { runId: '2' },
        baseline: join(dir, 'base.json'),
        baselineOrigin: 'base.json',
      });
      expect(second.report.baseline).toBe('base.json');
      expect(bed.history.entries).toHaveLength(2);
    });

    it('reports and warns when the state account cannot be reached, and leaves history alone when not asked', async () => {
      const bed = testBed();
      bed.history.failure = new Error('403 AuthorizationPermissionMismatch');
      const result = await reportSlo(bed.deps, { ...(await night(200)), history: { runId: '7' } });
      expect(result.report.status).toBe('met');
      expect(result.kept).toEqual([]);
      expect(bed.logger.lines.filter((l) => l.level === 'warning').map((l) => l.message)).toEqual([
        'Could not read the kept SLO reports (403 AuthorizationPermissionMismatch); no automatic baseline or trend this time.',
        'Could not keep the SLO report in the state account (403 AuthorizationPermissionMismatch); the report itself is complete.',
      ]);
      const quiet = testBed();
      await reportSlo(quiet.deps, await night(200));
      expect(quiet.journal.calls).toEqual([]);
    });
  });
});
