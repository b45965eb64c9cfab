import { open } from 'node:fs/promises';
import { parseCatalog } from './catalog-parse.js';
import type { Catalog } from './catalog-types.js';
import { ConfigurationError } from './errors.js';
import { MAX_SOURCE_BYTES } from './yaml-source.js';

/** The catalog's default name, at the repository root. */
export const DEFAULT_CATALOG_FILE = 'environments.yaml';

/** Reads and parses a catalog file; the only I/O in this package. */
export async function loadCatalog(file: string): Promise<Catalog> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new ConfigurationError(
        `catalog file ${file} does not exist; create it (see examples/environments.yaml) or point at yours with the action's \`config\` input or the CLI's \`--config\` flag`,
      );
    }
    if (code === 'EACCES') {
      throw new ConfigurationError(
        `catalog file ${file} cannot be read (permission denied); make it readable`,
      );
    }
    throw error;
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) {
      throw new ConfigurationError(
        `${file} is a directory; point the \`config\` input or \`--config\` flag at the catalog file itself`,
      );
    }
    // Checked before reading, so a huge file never reaches memory.
    if (stats.size > MAX_SOURCE_BYTES) {
      throw new ConfigurationError(
        `the file is ${stats.size} bytes, over the 1 MiB limit; a catalog should be a few kilobytes, so check you pointed at the right file`,
        { file },
      );
    }
    const text = await handle.readFile({ encoding: 'utf8' });
    return parseCatalog(text, file);
  } finally {
    await handle.close();
  }
}
