import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from './catalog-load.js';
import { ConfigurationError } from './errors.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'terrarium-catalog-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadCatalog', () => {
  it('reads and parses a file, keeping its absolute path', async () => {
    const file = join(dir, 'environments.yaml');
    await writeFile(
      file,
      'version: 1\nbackend: {storage-account: demo123}\nterraform: {root-module: infra}\nenvironments:\n  dev: {kind: long-lived}\n',
    );
    const catalog = await loadCatalog(file);
    expect(catalog.file).toBe(file);
    expect(catalog.environments.map((env) => env.name)).toEqual(['dev']);
  });

  it('names the path and the config input or flag when the file is missing', async () => {
    const file = join(dir, 'nope', 'environments.yaml');
    const error = await loadCatalog(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain(`catalog file ${file} does not exist`);
    expect((error as Error).message).toContain('`config` input');
    expect((error as Error).message).toContain('`--config` flag');
  });

  it('refuses a directory', async () => {
    await expect(loadCatalog(dir)).rejects.toThrow(`${dir} is a directory`);
  });

  it('refuses a file over 1 MiB without parsing it', async () => {
    const file = join(dir, 'huge.yaml');
    await writeFile(file, `# ${'x'.repeat(1024 * 1024)}\n`);
    await expect(loadCatalog(file)).rejects.toThrow(
      `${file}: the file is 1048579 bytes, over the 1 MiB limit`,
    );
  });

  it('reports parse errors with the path it was given', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'version: 1\nversion: 1\n');
    await expect(loadCatalog(file)).rejects.toThrow(
      `${file}:2:1: invalid YAML: "version": this key appears twice`,
    );
  });
});
