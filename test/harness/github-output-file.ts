/**
 * Reads a GITHUB_OUTPUT (or GITHUB_ENV) file as the runner does: `name=value` lines and
 * `name<<DELIMITER` ... `DELIMITER` blocks (what @actions/core writes).
 */
export function parseGitHubOutputFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc?.[1] && heredoc[2]) {
      const [, name, delimiter] = heredoc;
      const body: string[] = [];
      index += 1;
      while (index < lines.length && lines[index] !== delimiter) {
        body.push(lines[index] ?? '');
        index += 1;
      }
      if (index >= lines.length) throw new Error(`unterminated value for "${name}" in the output file`);
      values[name] = body.join('\n');
      continue;
    }
    const equals = line.indexOf('=');
    if (equals <= 0) throw new Error(`unreadable line in the output file: ${line}`);
    values[line.slice(0, equals)] = line.slice(equals + 1);
  }
  return values;
}
