import { describe, expect, it } from 'vitest';
import {
  formatActual,
  type IncidentReport,
  incidentBody,
  incidentMarker,
  incidentTitle,
} from './incident-issues.js';

const objective = {
  service: 'llm-chat',
  objective: 'latency-p95',
  description: 'p95 latency <= 1200 ms',
  status: 'breached' as const,
  actual: 1350.8123,
  unit: 'ms',
  budget: { remainingFraction: -0.25 },
};
const report: IncidentReport = {
  name: 'llm-platform',
  generatedAt: '2026-11-22T00:00:00.000Z',
  objectives: [objective],
};

describe('incident issue text', () => {
  it('hides a marker per service and objective', () => {
    expect(incidentMarker('llm-chat', 'latency-p95')).toBe('<!-- terrarium-slo:llm-chat/latency-p95 -->');
  });

  it.each([
    ['a b', 'x'],
    ['chat', 'p95 -->'],
    ['chat', 'a--b'],
  ])('refuses marker parts %s / %s', (service, name) => {
    expect(() => incidentMarker(service, name)).toThrow(/must be letters, digits/);
  });

  it('titles and describes the breach with the measurement and run link', () => {
    expect(incidentTitle(objective)).toBe('SLO breach: llm-chat latency-p95 (p95 latency <= 1200 ms)');
    const body = incidentBody(objective, report, 'https://github.com/o/r/actions/runs/9');
    expect(body.split('\n')[0]).toBe('<!-- terrarium-slo:llm-chat/latency-p95 -->');
    expect(body).toContain(
      '| p95 latency <= 1200 ms | 1350.812 ms | -25% | 2026-11-22T00:00:00.000Z | [run](https://github.com/o/r/actions/runs/9) |',
    );
  });

  it('shows the last nights after the measurement when there is a trend', () => {
    const trend = '**Last 2 nights**\n\n```mermaid\nxychart-beta\n  line [900, 1350.8]\n```\n';
    const lines = incidentBody(objective, report, undefined, trend).split('\n');
    expect(lines.slice(-9)).toEqual([
      '',
      '**Last 2 nights**',
      '',
      '```mermaid',
      'xychart-beta',
      '  line [900, 1350.8]',
      '```',
      '',
      'Terrarium comments here on every run that measures it, and closes this issue when the objective is met again.',
    ]);
  });

  it('formats percentages and missing values', () => {
    expect(formatActual({ ...objective, actual: 99.12345, unit: '%' })).toBe('99.123%');
    expect(formatActual({ ...objective, actual: undefined })).toBe('n/a');
  });
});
