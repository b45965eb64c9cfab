import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expandResults } from './results-files.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'results-files-'));
  await mkdir(join(dir, 'out'));
  for (const name of ['run-2.csv', 'run-1.csv', 'run-10.json', 'other.csv'])
    await writeFile(join(dir, 'out', name), '');
});

describe('expandResults', () => {
  it('keeps plain paths and expands * and ? in file names, sorted', async () => {
    expect(await expandResults([join(dir, 'out', 'run-*.csv'), join(dir, 'x.json')])).toEqual([
      join(dir, 'out', 'run-1.csv'),
      join(dir, 'out', 'run-2.csv'),
      join(dir, 'x.json'),
    ]);
    // `?` is one character and the dot is literal: run-10.json is not run-?.csv.
    expect(await expandResults([join(dir, 'out', 'run-?.csv')])).toEqual([
      join(dir, 'out', 'run-1.csv'),
      join(dir, 'out', 'run-2.csv'),
    ]);
  });

  it.each([
    ['out/none-*.csv', /matched no file; check the path/],
    ['missing/*.csv', /the folder .*missing does not exist/],
    ['o*/run-1.csv', /only the file name may hold \* or \?/],
  ])('refuses %s', async (pattern, message) => {
    await expect(expandResults([join(dir, pattern)])).rejects.toThrow(message);
  });
});
