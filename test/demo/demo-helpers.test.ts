import { describe, expect, it } from 'vitest';
import { markdownTables } from '../../scripts/demo/markdown-tables.js';
import { createRedactor } from '../../scripts/demo/redactor.js';

describe('the demo playing the runner', () => {
  it('hides every registered secret, the longest first, and ignores values too short to be one', () => {
    const redactor = createRedactor();
    redactor.add('key123==');
    redactor.add('AccountName=a;AccountKey=key123==;');
    redactor.add('abc');
    redactor.add(undefined);
    expect(redactor.redact('cs AccountName=a;AccountKey=key123==; and key123== abc')).toBe(
      'cs *** and *** abc',
    );
  });

  it('finds Markdown and HTML tables in a job summary', () => {
    const summary = [
      '## SLO report',
      '| Service | Status |',
      '| --- | --- |',
      '| llm-chat | ✅ met |',
      '',
      '<table><tr><th>Setting</th><th>Value</th></tr><tr><td>Env</td><td>feat-pr-42</td></tr></table>',
    ].join('\n');
    expect(markdownTables(summary)).toEqual([
      '| Service | Status |\n| --- | --- |\n| llm-chat | ✅ met |',
      'Setting  Value\nEnv      feat-pr-42',
    ]);
  });
});
