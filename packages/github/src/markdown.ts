/**
 * Markdown for PR comments and job summaries. Text from users (branch names, PR titles,
 * terraform errors) goes through escapeMarkdown so it can neither render HTML, ping people
 * nor link issues: `@` and `#` get a zero-width space after them (what Renovate does), HTML
 * metacharacters become entities and markdown punctuation is backslash-escaped.
 */
const ZERO_WIDTH_SPACE = '\u200b';

export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?|\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()!|~]/g, '\\$&')
    .replace(/[@#]/g, `$&${ZERO_WIDTH_SPACE}`);
}

/** One table cell: keeps the cell's markdown but not what would break the table. */
export function escapeTableCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r\n?|\n/g, '<br>');
}

/** Cells are markdown (escape untrusted text with escapeMarkdown first); `|` and newlines are escaped here. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeTableCell).join(' | ')} |`;
  const width = headers.length;
  const padded = (cells: readonly string[]) =>
    Array.from({ length: width }, (_, index) => cells[index] ?? '');
  return [line(headers), line(headers.map(() => '---')), ...rows.map((row) => line(padded(row)))].join('\n');
}

/** A code span that holds any text, even text with backticks (CommonMark: a longer fence). */
export function inlineCode(text: string): string {
  const single = text.replace(/\r\n?|\n/g, ' ');
  const longest = Math.max(0, ...(single.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = single.startsWith('`') || single.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${single}${pad}${fence}`;
}

/** A fenced code block that no line of `text` can close early. */
export function codeBlock(text: string, language = ''): string {
  const longest = Math.max(2, ...(text.match(/`{3,}/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text.replace(/\n+$/, '')}\n${fence}`;
}

/** `[label](url)` for http(s) URLs only; anything else is shown as code, never as a link. */
export function safeLink(label: string, url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return inlineCode(url);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return inlineCode(url);
  return `[${escapeMarkdown(label)}](${parsed.href.replace(/[()<> ]/g, percentEncode)})`;
}

// encodeURIComponent leaves parentheses alone, and `)` would end the link target.
function percentEncode(character: string): string {
  return `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
}
