import { join } from 'node:path';
import type { DemoWorld } from './demo-world.js';

export interface StatusTable {
  exitCode: number | null;
  /** The table as the CLI printed it (or its error). */
  text: string;
  /** The ENV ID column, top to bottom. */
  envIds: string[];
}

/** `terrarium status --config environments.yaml`, the bundled CLI, as a person would type it. */
export async function cliStatus(world: DemoWorld): Promise<StatusTable> {
  const finished = await world.processes.run(
    process.execPath,
    [join(world.root, 'packages', 'cli', 'dist', 'index.js'), 'status', '--config', world.catalogFile],
    {
      cwd: world.root,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TMPDIR: world.workDir,
        NO_COLOR: '1',
        AZURE_STORAGE_CONNECTION_STRING: world.backend.connectionString,
        ...world.backend.nodeEnv,
      },
      timeoutMs: 30_000,
    },
  );
  const text = world.redactor.redact(`${finished.stdout}${finished.stderr}`).trimEnd();
  const rows = finished.stdout.split('\n').filter((line) => line.trim() !== '');
  const header = rows.findIndex((line) => line.startsWith('ENV ID'));
  const envIds =
    header < 0
      ? []
      : rows
          .slice(header + 1)
          .filter((line) => !/^[-─━=+|\s]+$/.test(line))
          .map((line) => line.trim().split(/\s+/)[0] ?? '');
  return { exitCode: finished.exitCode, text, envIds };
}
