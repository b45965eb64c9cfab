/** The Markdown tables in a job summary, each as its lines, so the demo can print them as text. */
export function markdownTables(markdown: string): string[] {
  const tables: string[] = [];
  let current: string[] = [];
  for (const line of markdown.split('\n')) {
    if (line.trim().startsWith('|')) {
      current.push(line.trim());
      continue;
    }
    if (current.length > 0) tables.push(current.join('\n'));
    current = [];
  }
  if (current.length > 0) tables.push(current.join('\n'));
  // @actions/core's summary.addTable writes HTML; read those too.
  for (const match of markdown.matchAll(/<table>([\s\S]*?)<\/table>/g))
    tables.push(htmlTable(match[1] ?? ''));
  return tables;
}

function htmlTable(html: string): string {
  const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) =>
      (cell[1] ?? '').replace(/<[^>]+>/g, '').trim(),
    ),
  );
  const widths: number[] = [];
  for (const row of rows) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length);
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
