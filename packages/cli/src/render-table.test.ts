import { describe, expect, it } from 'vitest';
import { renderTable } from './render-table.js';

describe('renderTable', () => {
  it('aligns columns to the widest cell and trims trailing space', () => {
    expect(
      renderTable(
        ['ENV', 'STATUS', 'NOTE'],
        [
          ['feat-pr-1234', 'ready', ''],
          ['stg', 'teardown-failed', 'x'],
        ],
      ),
    ).toBe(
      [
        'ENV           STATUS           NOTE',
        'feat-pr-1234  ready',
        'stg           teardown-failed  x',
        '',
      ].join('\n'),
    );
  });

  it('prints headers alone for no rows', () => {
    expect(renderTable(['A', 'B'], [])).toBe('A  B\n');
  });
});
