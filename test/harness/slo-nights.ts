/**
 * Nightly load-test results for SLO history tests: each night's p95 latency and failures are
 * chosen, so the median baseline, the regression and the chart are known ahead. The times are
 * the simulated night's own, never today's.
 */

/** The SLO file every history test judges its nights by. */
export const NIGHTLY_SLO = `apiVersion: terrarium.dev/v1alpha1
kind: SLO
metadata:
  name: llm-platform
spec:
  timeWindow: 1h
  services:
    - name: llm-chat
      objectives:
        - name: latency-p95
          indicator: latency
          percentile: 95
          threshold: 1000
        - name: availability
          indicator: availability
          target: 0.99
        - name: ttft-p95
          indicator: ttft
          percentile: 95
          threshold: 400
`;

export interface Night {
  /** When the report is made: 02:17 UTC of the night. */
  at: Date;
  /** The p95 latency of its 200 requests, in ms (nearest rank: exact). */
  p95: number;
  /** How many of its 200 requests failed (503). */
  failures: number;
}

/** Nights from `first` (a UTC date, `2026-11-21`), one a day at 02:17, with these p95s and failures. */
export function nights(first: string, series: readonly (readonly [number, number])[]): Night[] {
  const start = Date.parse(`${first}T02:17:00Z`);
  return series.map(([p95, failures], i) => ({ at: new Date(start + i * 86_400_000), p95, failures }));
}

/**
 * A night's results as JSON lines: 200 requests a second apart, ending a minute before the
 * report: 189 at 300-488 ms, one at exactly `p95` (> 488) and ten slower; ttft 150-249 ms.
 */
export function nightResults(night: Night): string {
  const end = night.at.getTime() - 60_000;
  return `${Array.from({ length: 200 }, (_, i) => {
    const durationMs = i < 189 ? 300 + i : i === 189 ? night.p95 : night.p95 + 50 + i;
    return JSON.stringify({
      timestamp: new Date(end - (200 - i) * 1000).toISOString(),
      durationMs,
      ttftMs: 150 + (i % 100),
      status: failed(i, night.failures) ? 503 : 200,
      name: 'chat',
    });
  }).join('\n')}\n`;
}

/** The first `failures` of the requests whose index is 3 mod 7 fail: spread over the run. */
function failed(i: number, failures: number): boolean {
  return i % 7 === 3 && Math.floor(i / 7) < failures;
}
