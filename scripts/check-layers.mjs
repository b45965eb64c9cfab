#!/usr/bin/env node
// Imports point one way: actions (and their action-kit) and cli -> lifecycle -> state, terraform,
// github, slo -> core.
// This fails on any import that goes against that order (which also rules out cycles
// between packages), and on any package below the actions that imports @actions/core.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const allowed = {
  core: [],
  terraform: ['core'],
  state: ['core'],
  github: ['core'],
  slo: ['core'],
  lifecycle: ['core', 'state', 'terraform', 'github', 'slo'],
  cli: ['core', 'state', 'terraform', 'github', 'slo', 'lifecycle'],
  // What only the actions share: the Logger over @actions/core and the input readers.
  'action-kit': ['core'],
  action: ['core', 'state', 'terraform', 'github', 'slo', 'lifecycle', 'action-kit'],
};
const printing = new Set(['cli', 'action', 'action-kit']);

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') continue;
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) yield path;
  }
}

const problems = [];
const units = [
  ...readdirSync(join(root, 'packages')).map((name) => ({
    layer: name,
    dir: join(root, 'packages', name, 'src'),
  })),
  ...readdirSync(join(root, 'actions')).map((name) => ({
    layer: 'action',
    dir: join(root, 'actions', name, 'src'),
  })),
];
for (const { layer, dir } of units) {
  if (!(layer in allowed)) {
    problems.push(
      `${relative(root, dir)}: package "${layer}" has no place in scripts/check-layers.mjs; add it`,
    );
    continue;
  }
  let files;
  try {
    files = [...sourceFiles(dir)];
  } catch {
    continue;
  }
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    lines.forEach((line, index) => {
      for (const match of line.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)) {
        const spec = match[1];
        const where = `${relative(root, file)}:${index + 1}`;
        const own = /^@terrarium\/([a-z-]+)/.exec(spec);
        if (own && own[1] !== layer && !allowed[layer].includes(own[1])) {
          problems.push(
            `${where}: ${layer} may not import @terrarium/${own[1]} (allowed: ${allowed[layer].join(', ') || 'nothing'})`,
          );
        }
        if (spec === '@actions/core' && !printing.has(layer)) {
          problems.push(`${where}: only actions and the CLI import @actions/core; take a Logger instead`);
        }
      }
    });
  }
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('layers: imports point one way');
