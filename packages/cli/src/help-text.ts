import type { Command, OptionSpec } from './command.js';
import { GLOBAL_OPTIONS } from './global-options.js';

function optionLines(options: Record<string, OptionSpec>): string[] {
  const entries = Object.entries(options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` <${spec.valueName ?? 'value'}>` : ''}`;
    return [flag, spec.description] as const;
  });
  const width = Math.max(0, ...entries.map(([flag]) => flag.length));
  return entries.map(([flag, description]) => `  ${flag.padEnd(width)}  ${description}`);
}

export function commandHelp(command: Command): string {
  const lines = [
    `Usage: terrarium ${command.name}${command.arguments ? ` ${command.arguments}` : ''} [options]`,
    '',
    command.summary,
    '',
  ];
  if (Object.keys(command.options).length > 0) {
    lines.push('Options:', ...optionLines(command.options), '');
  }
  lines.push('Global options:', ...optionLines(GLOBAL_OPTIONS), '');
  return lines.join('\n');
}

export function overallHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    'Usage: terrarium <command> [options]',
    '       terrarium --version',
    '',
    'Runs the state and life of Terraform environments described by an environment catalog.',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Global options:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    'Run "terrarium <command> --help" for a command\'s arguments and options.',
    'Exit codes: 0 done, 1 failed, 2 usage or configuration mistake.',
    '',
  ].join('\n');
}
