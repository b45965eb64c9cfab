import { describe, expect, it } from 'vitest';
import { codeBlock, escapeMarkdown, inlineCode, markdownTable, safeLink } from './markdown.js';

const ZWSP = '\u200b';

describe('escapeMarkdown', () => {
  it.each([
    ['plain-branch', 'plain-branch'],
    ['@channel', `@${ZWSP}channel`],
    ['@org/team', `@${ZWSP}org/team`],
    ['fixes #12', `fixes #${ZWSP}12`],
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert\\(1\\)&gt;'],
    ['`code`', '\\`code\\`'],
    ['**bold** _it_ ~~s~~', '\\*\\*bold\\*\\* \\_it\\_ \\~\\~s\\~\\~'],
    ['[link](http://x)', '\\[link\\]\\(http://x\\)'],
    ['a|b', 'a\\|b'],
    ['line\nbreak\r\nagain', 'line break again'],
    ['&lt; already', '&amp;lt; already'],
    ['back\\slash', 'back\\\\slash'],
  ])('%j -> %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('leaves no raw HTML, mention or backtick in a hostile branch name', () => {
    const out = escapeMarkdown('feat/@channel <img src=x> `rm -rf` <script>');
    expect(out).not.toMatch(/<|>/);
    expect(out).not.toMatch(/@[a-z]/i);
    expect(out).not.toMatch(/(^|[^\\])`/);
  });
});

describe('markdownTable', () => {
  it('renders headers, a separator and rows, escaping pipes and newlines in cells', () => {
    expect(markdownTable(['Name', 'Value'], [['a|b', 'one\ntwo'], ['short']])).toBe(
      ['| Name | Value |', '| --- | --- |', '| a\\|b | one<br>two |', '| short |  |'].join('\n'),
    );
  });
});

describe('inlineCode and codeBlock', () => {
  it('picks a fence longer than any backtick run inside', () => {
    expect(inlineCode('plain')).toBe('`plain`');
    expect(inlineCode('a `b` c')).toBe('``a `b` c``');
    expect(inlineCode('`edge`')).toBe('`` `edge` ``');
    expect(codeBlock('x\n```\ny')).toBe('````\nx\n```\ny\n````');
    expect(codeBlock('+ a', 'diff')).toBe('```diff\n+ a\n```');
  });
});

describe('safeLink', () => {
  it('links http(s) URLs and shows anything else as code', () => {
    expect(safeLink('app', 'https://example.com/a')).toBe('[app](https://example.com/a)');
    expect(safeLink('x', 'javascript:alert(1)')).toBe('`javascript:alert(1)`');
    expect(safeLink('x', 'not a url')).toBe('`not a url`');
    expect(safeLink('x', 'https://example.com/a)b')).toBe('[x](https://example.com/a%29b)');
  });
});
