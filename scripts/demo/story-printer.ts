import type { Redactor } from './redactor.js';

/** How the demo talks to the person watching: short sections, key values, checks. */
export interface StoryPrinter {
  act(number: number, title: string, what: string): void;
  step(text: string): void;
  value(label: string, value: string): void;
  block(text: string): void;
  check(ok: boolean, text: string): void;
  note(text: string): void;
  line(text?: string): void;
}

const colours = { bold: 1, dim: 2, red: 31, green: 32, yellow: 33, cyan: 36 } as const;
type Colour = keyof typeof colours;

export function createStoryPrinter(redactor: Redactor, write: (text: string) => void): StoryPrinter {
  const useColour = process.stdout.isTTY === true && !process.env.NO_COLOR;
  const paint = (colour: Colour, text: string) =>
    useColour ? `\u001b[${colours[colour]}m${text}\u001b[0m` : text;
  const out = (text: string) => write(`${redactor.redact(text)}\n`);
  return {
    act(number, title, what) {
      out('');
      out(paint('bold', `━━ Act ${number}: ${title} ━━`));
      out(paint('dim', what));
    },
    step: (text) => out(`${paint('cyan', '▸')} ${text}`),
    value: (label, value) => out(`    ${paint('dim', `${label}:`)} ${value}`),
    block: (text) => {
      for (const line of text.replace(/\n+$/, '').split('\n')) out(`    ${line}`);
    },
    check: (ok, text) => out(`  ${ok ? paint('green', '✔') : paint('red', '✘')} ${text}`),
    note: (text) => out(`  ${paint('yellow', '!')} ${text}`),
    line: (text = '') => out(text),
  };
}
