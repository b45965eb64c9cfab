import { ConfigurationError } from './errors.js';

/**
 * The YAML library composes documents recursively: a few thousand levels of `[[[[` or of
 * `- - - -` overflow the stack, and take seconds to get there. A catalog needs a handful of
 * levels, so anything deeper is refused up front, with a location, before the parser sees it.
 */
export const MAX_FLOW_DEPTH = 50;
export const MAX_INDENT = 400;

export function checkNesting(text: string, file: string): void {
  let depth = 0;
  let quote: string | undefined;
  let line = 1;
  let column = 0;
  let atLineStart = true;
  let indent = 0;
  let previous = '\n';
  for (let index = 0; index < text.length; index++) {
    const char = text[index] as string;
    column++;
    if (char === '\n') {
      line++;
      column = 0;
      atLineStart = true;
      indent = 0;
      previous = char;
      continue;
    }
    if (atLineStart) {
      // Compact nesting (`- - - x`, `? : x`) deepens a block as much as indentation does.
      const next = text[index + 1];
      const indicator = (char === '-' || char === '?' || char === ':') && (next === ' ' || next === '\t');
      if (char === ' ' || char === '\t' || indicator) {
        indent++;
        if (indent > MAX_INDENT) throw tooDeep({ file, line, column }, 'indented');
        previous = char;
        continue;
      }
      atLineStart = false;
    }
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === '#' && /\s/.test(previous)) {
      const end = text.indexOf('\n', index);
      const skipped = (end === -1 ? text.length : end) - index;
      index += skipped - 1;
      column += skipped - 1;
    } else if ((char === '"' || char === "'") && /[\s[{,:]/.test(previous)) {
      quote = char;
    } else if (char === '[' || char === '{') {
      depth++;
      if (depth > MAX_FLOW_DEPTH) throw tooDeep({ file, line, column }, 'nested');
    } else if ((char === ']' || char === '}') && depth > 0) {
      depth--;
    }
    previous = char;
  }
}

function tooDeep(location: { file: string; line: number; column: number }, how: string): ConfigurationError {
  return new ConfigurationError(
    `the YAML is ${how} too deeply (over ${how === 'nested' ? MAX_FLOW_DEPTH : MAX_INDENT} levels); a catalog needs only a few, so flatten it`,
    location,
  );
}

/** Whatever still overflows the stack (a shape the scan above does not foresee) becomes the user's mistake too. */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}
