import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GITHUB_COMMENT_LIMIT, truncateComment } from './comment-truncation.js';

const MARKER = '<!-- terrarium:feat-pr-1 -->';

describe('truncateComment', () => {
  it('returns a body within the limit unchanged', () => {
    const body = `${MARKER}\nhello`;
    expect(truncateComment(body)).toBe(body);
  });

  it("cuts to GitHub's limit, closing an open code fence and <details>, pointing at the run log", () => {
    const lines = Array.from({ length: 5000 }, (_, index) => `+ terraform_data.resource_${index}`);
    const body = `${MARKER}\n### ready\n\n<details><summary>Plan</summary>\n\n\`\`\`diff\n${lines.join('\n')}\n\`\`\`\n\n</details>\n`;
    expect(body.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    const out = truncateComment(body, GITHUB_COMMENT_LIMIT, 'https://github.com/o/r/actions/runs/1');
    expect(out.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(out.startsWith(MARKER)).toBe(true);
    expect(out).toMatch(/```\n\n<\/details>\n\n> \[!NOTE\]\n> Truncated/);
    expect(out).toContain('[run log](https://github.com/o/r/actions/runs/1)');
    expect(out.match(/```/g)).toHaveLength(2);
    // Whole lines only: the last kept address is complete.
    expect(out).toMatch(/\+ terraform_data\.resource_\d+\n```/);
  });

  it('keeps the marker even when it sits past the cut', () => {
    const body = `${'x'.repeat(200)}\n${MARKER}`;
    const out = truncateComment(body, 150);
    expect(out.length).toBeLessThanOrEqual(150);
    expect(out).toContain(MARKER);
  });

  it('never exceeds the limit, never loses the marker, never leaves a fence open (property)', () => {
    const piece = fc.constantFrom(
      'text ',
      '\n',
      '```\n',
      '<details>\n',
      '</details>\n',
      '😀',
      'ab\n',
      '~~~\n',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 400 }),
        fc.integer({ min: 260, max: 600 }),
        (pieces, limit) => {
          const body = `${MARKER}\n${pieces.join('')}`;
          const out = truncateComment(body, limit);
          expect(out.length).toBeLessThanOrEqual(Math.max(limit, body.length <= limit ? body.length : 0));
          expect(out).toContain(MARKER);
          if (body.length > limit) {
            const fences = out.split('\n').filter((line) => /^(```|~~~)/.test(line));
            expect(fences.length % 2).toBe(0);
            expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(out)).toBe(false);
          }
        },
      ),
    );
  });
});
