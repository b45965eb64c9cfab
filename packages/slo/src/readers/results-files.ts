import { readdir } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { ConfigurationError } from '@terrarium/core';

/** `*` and `?` in a file name, as a RegExp over the whole name. */
function namePattern(glob: string): RegExp {
  const source = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '[^/]*')
    .replaceAll('?', '[^/]');
  return new RegExp(`^${source}$`);
}

/** Expands each path or file-name glob to the files it names, sorted; a glob matching nothing is a mistake. */
export async function expandResults(patterns: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const pattern of patterns) {
    const dir = dirname(pattern);
    if (/[*?]/.test(dir)) {
      throw new ConfigurationError(
        `results "${pattern}": only the file name may hold * or ?; name the folder exactly`,
      );
    }
    if (!/[*?]/.test(basename(pattern))) {
      files.push(pattern);
      continue;
    }
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      throw new ConfigurationError(
        `results "${pattern}": the folder ${dir} does not exist; check the results path`,
      );
    }
    const matcher = namePattern(basename(pattern));
    const matched = names.filter((name) => matcher.test(name)).sort();
    if (matched.length === 0) {
      throw new ConfigurationError(
        `results "${pattern}" matched no file; check the path and that the load test wrote its results`,
      );
    }
    files.push(...matched.map((name) => `${dir}/${name}`));
  }
  return files;
}
