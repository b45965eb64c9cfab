#!/usr/bin/env node
// Builds every action bundle and the CLI bundle with ncc, one after another, so that
// `pnpm build` is the only way dist/ is made and check-dist can compare it with git.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
// An action's entry is its one-line src/index.ts; the CLI's is src/bin.ts, since its index.ts is
// the package's public entry (what tests import) and must not run the command when imported.
const entries = readdirSync(join(root, 'actions'))
  .filter((name) => existsSync(join(root, 'actions', name, 'src', 'index.ts')))
  .map((name) => ({ dir: join('actions', name), entry: 'index.ts' }));
entries.push({ dir: join('packages', 'cli'), entry: 'bin.ts' });

const only = process.argv.slice(2);
for (const { dir, entry } of entries) {
  if (only.length > 0 && !only.some((name) => dir.endsWith(name))) continue;
  const out = join(root, dir, 'dist');
  rmSync(out, { recursive: true, force: true });
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js'),
      'build',
      join(root, dir, 'src', entry),
      '--out',
      out,
      '--minify',
      '--license',
      'licenses.txt',
      '--quiet',
      '--target',
      'es2022',
    ],
    { stdio: 'inherit', cwd: root },
  );
  if (result.status !== 0) {
    console.error(`ncc failed for ${dir}`);
    process.exit(result.status ?? 1);
  }
  console.log(`built ${dir}/dist in ${Date.now() - started} ms`);
}
