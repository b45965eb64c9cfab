import { describe, expect, it } from 'vitest';
import { describeListing, progressLine } from './progress-line.js';
import type { Terminal } from './terminal.js';

function terminal(stderrIsTTY: boolean): Terminal & { written: string[] } {
  const written: string[] = [];
  return {
    written,
    out: () => {},
    err: (text) => {
      written.push(text);
    },
    interactive: false,
    stderrIsTTY,
    question: async () => '',
  };
}

describe('progressLine', () => {
  it('draws over itself on a terminal, at most once an interval, and erases itself', () => {
    const tty = terminal(true);
    let clock = 1_000;
    const line = progressLine(tty, 100, () => clock);
    line.update(() => 'a');
    clock += 50;
    line.update(() => 'b');
    clock += 60;
    line.update(() => 'c');
    line.clear();
    line.clear();
    expect(tty.written).toEqual(['\r\u001b[2Ka', '\r\u001b[2Kc', '\r\u001b[2K']);
  });

  it('writes nothing when stderr is a pipe or a log', () => {
    const pipe = terminal(false);
    const line = progressLine(pipe);
    line.update(() => 'a');
    // Nor does it make the text: listings ask for every blob.
    line.update(() => {
      throw new Error('the text was made for a pipe');
    });
    line.clear();
    expect(pipe.written).toEqual([]);
  });
});

describe('describeListing', () => {
  it('counts blobs while listing and states while reading', () => {
    expect(describeListing('tfstate', { phase: 'listing', done: 12_345 })).toBe(
      'Listing tfstate: 12,345 blobs',
    );
    expect(describeListing('tfstate', { phase: 'reading', done: 7, total: 2_000 })).toBe(
      'Reading states: 7 of 2,000',
    );
  });
});
