#!/usr/bin/env node
// Regenerates the inputs/outputs tables in README.md from each action.yml, between markers
// `<!-- action:<name>:start -->` and `<!-- action:<name>:end -->`. With --check it changes
// nothing and fails when the README is out of date (CI runs it that way).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const { parse } = createRequire(join(root, 'packages', 'core', 'package.json'))('yaml');
const check = process.argv.includes('--check');

const cell = (text) =>
  String(text ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();

function tables(action) {
  const spec = parse(readFileSync(join(root, 'actions', action, 'action.yml'), 'utf8'));
  const lines = [
    `**${spec.name ?? action}**: ${cell(spec.description)}`,
    '',
    '| input | required | default | description |',
    '| --- | --- | --- | --- |',
  ];
  for (const [name, input] of Object.entries(spec.inputs ?? {})) {
    const fallback = input.default === undefined ? '' : `\`${cell(input.default)}\``;
    lines.push(
      `| \`${name}\` | ${input.required ? 'yes' : 'no'} | ${fallback} | ${cell(input.description)} |`,
    );
  }
  lines.push('', '| output | description |', '| --- | --- |');
  for (const [name, output] of Object.entries(spec.outputs ?? {})) {
    lines.push(`| \`${name}\` | ${cell(output.description)} |`);
  }
  return lines.join('\n');
}

const readmePath = join(root, 'README.md');
const before = readFileSync(readmePath, 'utf8');
let after = before;
const actions = readdirSync(join(root, 'actions')).filter((name) =>
  existsSync(join(root, 'actions', name, 'action.yml')),
);
for (const action of actions) {
  const start = `<!-- action:${action}:start -->`;
  const end = `<!-- action:${action}:end -->`;
  const from = after.indexOf(start);
  const to = after.indexOf(end);
  if (from === -1 || to === -1 || to < from) {
    console.error(`README.md has no ${start} ... ${end} section for actions/${action}; add one`);
    process.exit(1);
  }
  after = `${after.slice(0, from + start.length)}\n${tables(action)}\n${after.slice(to)}`;
}
if (check) {
  if (after !== before) {
    console.error('README.md action tables are out of date: run `pnpm docs` and commit the result');
    process.exit(1);
  }
  console.log(`docs: README tables match ${actions.length} action.yml files`);
} else if (after !== before) {
  writeFileSync(readmePath, after);
  console.log('docs: README tables regenerated');
}
