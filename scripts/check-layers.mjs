#!/usr/bin/env node
// Imports point one way: actions -> action-kit -> runtime -> lifecycle -> slo -> core, and runtime
// -> state, terraform, github -> core; the cli uses runtime, lifecycle and the domain packages.
// This fails on any import that goes against that order (which also rules out cycles
// between packages), and on any package below the actions that imports @actions/core.
// bench/, scripts/ and test/ may use every package, but the way anyone else would: through its
// public entry (`@terrarium/x`, or a subpath its package.json "exports" declares), never by a
// path into packages/*/ or actions/*/. A package or an action never reaches outside its own folder
// by a relative path either, and exports by name (no `export *`). Test-only code sits in
// packages/<name>/testing (the `@terrarium/<name>/testing` subpath), which product code never imports.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const allowed = {
  core: [],
  terraform: ['core'],
  state: ['core'],
  github: ['core'],
  slo: ['core'],
  // The use cases: they reach the others through ports, so they need only the model and the SLO engine.
  lifecycle: ['core', 'slo'],
  // The composition root: reads the runner once, builds credentials, clients and the ports' adapters.
  runtime: ['core', 'state', 'terraform', 'github', 'slo', 'lifecycle'],
  cli: ['core', 'state', 'terraform', 'github', 'slo', 'lifecycle', 'runtime'],
  // What only the actions share: the Logger over @actions/core, the input readers, the step's frame.
  'action-kit': ['core', 'lifecycle', 'runtime'],
  // An action: inputs -> one use case -> outputs, in action-kit's frame; its inputs may need the
  // model's errors and the SLO formats, nothing of storage, terraform or GitHub.
  action: ['core', 'slo', 'lifecycle', 'action-kit'],
};
const printing = new Set(['cli', 'action', 'action-kit']);
const packageNames = readdirSync(join(root, 'packages'));

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') continue;
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(?:ts|mts|js|mjs)$/.test(name) && !name.endsWith('.d.ts')) yield path;
  }
}

/** The subpaths a workspace package lets others import, from its package.json "exports". */
function publicEntries(name) {
  const manifest = JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8'));
  const exports = manifest.exports ?? { '.': manifest.main ?? './index.js' };
  return new Set(typeof exports === 'string' ? ['.'] : Object.keys(exports));
}
const entries = Object.fromEntries(packageNames.map((name) => [name, publicEntries(name)]));

const inside = (dir, path) => path === dir || path.startsWith(`${dir}${sep}`);

const units = [
  ...packageNames.map((name) => ({ layer: name, dir: join(root, 'packages', name) })),
  ...readdirSync(join(root, 'actions')).map((name) => ({
    layer: 'action',
    dir: join(root, 'actions', name),
  })),
  // Outside the product: free to use any package, through its public entry only.
  ...['bench', 'scripts', 'test'].map((name) => ({ layer: undefined, dir: join(root, name) })),
];

const problems = [];
for (const { layer, dir } of units) {
  if (layer !== undefined && !(layer in allowed)) {
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
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, index) => {
      // A package says by name what it offers: `export *` would hand on its internals too.
      if (layer !== undefined && /^\s*export\s+(?:type\s+)?\*/.test(line)) {
        problems.push(`${relative(root, file)}:${index + 1}: export by name, not with export *`);
      }
      for (const match of line.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)) {
        const spec = match[1];
        const where = `${relative(root, file)}:${index + 1}`;
        const own = /^@terrarium\/([a-z-]+)(\/.*)?$/.exec(spec);
        if (own) {
          const [, name, subpath] = own;
          if (!packageNames.includes(name)) {
            problems.push(`${where}: @terrarium/${name} is no package under packages/`);
            continue;
          }
          if (!entries[name].has(subpath ? `.${subpath}` : '.')) {
            problems.push(
              `${where}: ${spec} is not a public entry of @terrarium/${name}; use one its package.json "exports" declares (${[...entries[name]].map((entry) => `@terrarium/${name}${entry.slice(1)}`).join(', ')})`,
            );
          }
          if (layer !== undefined && name !== layer && !allowed[layer].includes(name)) {
            problems.push(
              `${where}: ${layer} may not import @terrarium/${name} (allowed: ${allowed[layer].join(', ') || 'nothing'})`,
            );
          }
        }
        // Test-only code lives in packages/<name>/testing and serves tests alone, never the product.
        const productFile =
          layer !== undefined && !file.endsWith('.test.ts') && !inside(join(dir, 'testing'), file);
        const testingTarget =
          /^@terrarium\/[a-z-]+\/testing$/.test(spec) ||
          (spec.startsWith('.') && inside(join(dir, 'testing'), resolve(dirname(file), spec)));
        if (productFile && testingTarget) {
          problems.push(`${where}: ${spec} is test-only code; product code may not import it`);
        }
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec);
          const intoProduct = inside(join(root, 'packages'), target) || inside(join(root, 'actions'), target);
          if (layer === undefined && intoProduct) {
            const name = relative(join(root, 'packages'), target).split(sep)[0];
            problems.push(
              `${where}: ${spec} reaches into ${relative(root, target)}; import ${packageNames.includes(name) ? `@terrarium/${name}` : 'the package'} (its public entry) instead`,
            );
          } else if (layer !== undefined && !inside(dir, target)) {
            problems.push(
              `${where}: ${spec} leaves ${relative(root, dir)}; import the other package by its name (@terrarium/...)`,
            );
          }
        }
        if (layer !== undefined && spec === '@actions/core' && !printing.has(layer)) {
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
console.log('layers: imports point one way, and outside the product only through public entries');
