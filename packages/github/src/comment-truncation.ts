/** GitHub rejects issue comments longer than this (422 "body is too long"). */
export const GITHUB_COMMENT_LIMIT = 65536;

const MARKER = /<!-- terrarium:[^>]*? -->/;

/**
 * Cuts a comment to GitHub's limit at a line boundary, closing a code fence or `<details>`
 * left open, keeping the sticky marker (or the next run could not find the comment) and
 * ending with a pointer to where the full text is.
 */
export function truncateComment(body: string, limit = GITHUB_COMMENT_LIMIT, logUrl?: string): string {
  if (body.length <= limit) return body;
  const marker = MARKER.exec(body)?.[0];
  const pointer = logUrl
    ? `\n\n> [!NOTE]\n> Truncated to fit GitHub's comment limit: the full text is in the [run log](${logUrl}).`
    : "\n\n> [!NOTE]\n> Truncated to fit GitHub's comment limit: the full text is in the run log.";
  let budget = limit - pointer.length;
  for (;;) {
    if (budget <= 0) throw new Error(`a comment cannot be truncated to ${limit} characters`);
    let kept = cutAtLine(body, budget);
    if (marker && !kept.includes(marker)) kept = `${marker}\n${cutAtLine(body, budget - marker.length - 1)}`;
    const result = `${kept}${closers(kept)}${pointer}`;
    if (result.length <= limit) return result;
    budget -= result.length - limit;
  }
}

function cutAtLine(text: string, length: number): string {
  if (length <= 0) return '';
  const slice = text.slice(0, length);
  const newline = slice.lastIndexOf('\n');
  // A very long single line is cut mid-line rather than dropped whole.
  const cut = newline > length / 2 ? slice.slice(0, newline) : slice;
  // Never leave half a surrogate pair.
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** What must be appended to `text` to close an open code fence and open `<details>` blocks. */
function closers(text: string): string {
  let fence: string | undefined;
  let openDetails = 0;
  for (const line of text.split('\n')) {
    const fenceMatch = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (fenceMatch?.[1] && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length) {
        if (line.trim() === fenceMatch[1]) fence = undefined;
      }
      continue;
    }
    if (fenceMatch?.[1]) {
      fence = fenceMatch[1];
      continue;
    }
    openDetails += (line.match(/<details\b/gi) ?? []).length;
    openDetails -= (line.match(/<\/details>/gi) ?? []).length;
  }
  let close = fence ? `\n${fence}` : '';
  for (let index = 0; index < Math.max(0, openDetails); index++) close += '\n\n</details>';
  return close;
}
