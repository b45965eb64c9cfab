/** A runner's reading of an action's stdout: workflow commands apart from the plain log. */
export interface ActionLog {
  /** Plain log lines, plus warnings and errors, without masks, debug lines or group markers. */
  lines: string[];
  errors: string[];
  warnings: string[];
  masks: string[];
}

// The escaping @actions/core applies to command data.
function unescapeData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

export function readWorkflowCommands(stdout: string): ActionLog {
  const log: ActionLog = { lines: [], errors: [], warnings: [], masks: [] };
  for (const line of stdout.split(/\r?\n/)) {
    const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line);
    if (!command) {
      if (line !== '') log.lines.push(line);
      continue;
    }
    const [, name, data = ''] = command;
    const text = unescapeData(data);
    if (name === 'add-mask') log.masks.push(text);
    else if (name === 'error') {
      log.errors.push(text);
      log.lines.push(`Error: ${text}`);
    } else if (name === 'warning') {
      log.warnings.push(text);
      log.lines.push(`Warning: ${text}`);
    } else if (name === 'notice') log.lines.push(`Notice: ${text}`);
    else if (name === 'group') log.lines.push(text);
  }
  return log;
}
