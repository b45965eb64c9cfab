#!/usr/bin/env node
// Regenerates the inputs/outputs tables in README.md from each action.yml, between markers
// `<!-- action:<name>:start -->` and `<!-- action:<name>:end -->`. With --check it changes
// nothing and fails when the README is out of date (CI runs it that way).
import { execFileSync } from 'node:child_process';
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

// The catalog reference: one row per key of the JSON Schema, so docs and validation cannot drift.
function catalogReference() {
  const schema = JSON.parse(
    readFileSync(join(root, 'packages', 'core', 'schema', 'environments.schema.json'), 'utf8'),
  );
  const rows = ['| key | type | default | description |', '| --- | --- | --- | --- |'];
  const typeOf = (spec) =>
    spec.enum
      ? spec.enum.map((v) => `\`${v}\``).join(', ')
      : spec.const !== undefined
        ? `\`${spec.const}\``
        : (spec.type ?? '');
  const walk = (properties, prefix) => {
    for (const [key, spec] of Object.entries(properties)) {
      if (key === '$schema') continue;
      const path = `${prefix}${key}`;
      const fallback = spec.default === undefined ? '' : `\`${cell(JSON.stringify(spec.default))}\``;
      rows.push(`| \`${path}\` | ${typeOf(spec)} | ${fallback} | ${cell(spec.description)} |`);
      if (spec.properties) walk(spec.properties, `${path}.`);
      if (key === 'environments') walk(schema.definitions.environment.properties, 'environments.<name>.');
    }
  };
  walk(schema.properties, '');
  return rows.join('\n');
}

function replaceSection(text, name, body) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1 || to < from) {
    console.error(`README.md has no ${start} ... ${end} section; add one`);
    process.exit(1);
  }
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}

const readmePath = join(root, 'README.md');
const before = readFileSync(readmePath, 'utf8');
let after = before;
const actions = readdirSync(join(root, 'actions')).filter((name) =>
  existsSync(join(root, 'actions', name, 'action.yml')),
);
for (const action of actions) after = replaceSection(after, `action:${action}`, tables(action));
after = replaceSection(after, 'catalog', catalogReference());
// The CLI's own --help, from the committed bundle, so the README shows what the command says.
const help = execFileSync(process.execPath, [join(root, 'packages', 'cli', 'dist', 'index.js'), '--help'], {
  encoding: 'utf8',
  env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
});
after = replaceSection(after, 'cli-help', `\`\`\`text\n${help.trimEnd()}\n\`\`\``);
if (check) {
  if (after !== before) {
    console.error('README.md action tables are out of date: run `pnpm docs` and commit the result');
    process.exit(1);
  }
  console.log(`docs: README tables match the catalog schema and ${actions.length} action.yml files`);
} else if (after !== before) {
  writeFileSync(readmePath, after);
  console.log('docs: README tables regenerated');
}
