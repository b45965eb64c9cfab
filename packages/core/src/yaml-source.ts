import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { ConfigurationError, type SourceLocation } from './errors.js';
import { checkNesting, isStackOverflow } from './nesting-guard.js';

/** A catalog is a few kilobytes; anything this large is a mistake or an attack. */
export const MAX_SOURCE_BYTES = 1024 * 1024;
/** Anchors are handy for sharing a block or two; a bomb expands thousands of them. */
export const MAX_ALIAS_COUNT = 100;

/** A parsed YAML file that can say where any value in it came from. */
export interface YamlSource {
  file: string;
  value: Record<string, unknown>;
  /** Location of the value (or, with `at: 'key'`, of the key) at this path; the nearest existing parent otherwise. */
  locate(path: readonly (string | number)[], at?: 'key' | 'value'): SourceLocation;
}

const FRIENDLY: Record<string, string> = {
  DUPLICATE_KEY: 'this key appears twice in the same mapping; remove or rename one of them',
  MULTIPLE_DOCS: 'the file holds more than one YAML document; keep only one (remove the extra ---)',
  TAB_AS_INDENT: 'tabs are not allowed for indentation; indent with spaces',
};

export function parseYamlSource(text: string, file: string): YamlSource {
  if (Buffer.byteLength(text, 'utf8') > MAX_SOURCE_BYTES) {
    throw new ConfigurationError(
      `the file is larger than ${MAX_SOURCE_BYTES} bytes (1 MiB); a catalog should be a few kilobytes, so check you pointed at the right file`,
      { file },
    );
  }
  checkNesting(text, file);
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  } catch (error) {
    if (isStackOverflow(error)) throw nestedTooDeeply(file);
    throw error;
  }
  const where = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const [first] = doc.errors;
  if (first) {
    const friendly = FRIENDLY[first.code] ?? first.message.replace(/ at line \d+, column \d+.*$/s, '');
    const key = first.code === 'DUPLICATE_KEY' ? `${JSON.stringify(keyAt(text, first.pos[0]))}: ` : '';
    throw new ConfigurationError(`invalid YAML: ${key}${friendly}`, where(first.pos[0]));
  }
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    throw new ConfigurationError('the file is empty; start from examples/environments.yaml', { file });
  }
  if (!isMap(doc.contents)) {
    throw new ConfigurationError(
      'the top level must be a mapping (version:, backend:, terraform:, environments:), not a list or a single value',
      where(doc.contents.range?.[0] ?? 0),
    );
  }
  const value = toPlain(doc, file);
  return {
    file,
    value,
    locate(path, at = 'value') {
      const node = findNode(doc, path, at);
      return node?.range ? where(node.range[0]) : { file };
    },
  };
}

function toPlain(doc: Document, file: string): Record<string, unknown> {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as Record<string, unknown>;
  } catch (error) {
    if (isStackOverflow(error)) throw nestedTooDeeply(file);
    if (error instanceof ReferenceError && /excessive alias count/i.test(error.message)) {
      throw new ConfigurationError(
        `the file expands YAML aliases (*name) more than ${MAX_ALIAS_COUNT} times, which is how "billion laughs" attacks work; write the values out instead of nesting anchors`,
        { file },
      );
    }
    if (error instanceof ReferenceError) {
      throw new ConfigurationError(`invalid YAML: ${error.message}; define each &anchor before its *alias`, {
        file,
      });
    }
    throw error;
  }
}

/** The deepest node along the path; the key node when asked and the last step is a mapping key. */
function findNode(doc: Document, path: readonly (string | number)[], at: 'key' | 'value'): Node | undefined {
  let node: unknown = doc.contents;
  let found = node as Node | undefined;
  for (const [index, step] of path.entries()) {
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(step),
      );
      if (!pair) return found;
      if (last && at === 'key' && isScalar(pair.key)) return pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof Number(step) === 'number') {
      node = node.items[Number(step)];
    } else {
      return found;
    }
    if (node && typeof node === 'object' && 'range' in node) found = node as Node;
  }
  return found;
}

/** The mapping key written at this offset, for naming it in a message. */
function keyAt(text: string, offset: number): string {
  const rest = text.slice(offset, offset + 200);
  const quoted = /^("(?:[^"\\]|\\.)*"|'[^']*')/.exec(rest);
  if (quoted?.[1]) return quoted[1].slice(1, -1);
  return (/^[^:\n]*/.exec(rest)?.[0] ?? '').trim().slice(0, 60);
}

function nestedTooDeeply(file: string): ConfigurationError {
  return new ConfigurationError(
    'the YAML is nested too deeply to read; a catalog needs only a few levels, so flatten it',
    {
      file,
    },
  );
}
