import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A private scratch folder for one run: the variables file, the backend settings, the saved
 * plan and terraform's data directory, so runs that share a root module (a sweep tears down
 * several at once) never share `.terraform`. Removed when the run ends.
 */
export interface RunWorkspace {
  dir: string;
  dataDir: string;
  varsFile: string;
  planFile: string;
  dispose(): Promise<void>;
}

export async function createRunWorkspace(
  envId: string,
  variables: Record<string, unknown>,
): Promise<RunWorkspace> {
  const dir = await mkdtemp(join(process.env.RUNNER_TEMP ?? tmpdir(), `terrarium-${envId.slice(0, 40)}-`));
  const dataDir = join(dir, 'terraform-data');
  await mkdir(dataDir);
  const varsFile = join(dir, 'terrarium.tfvars.json');
  // Written with owner-only access: catalog variables may hold values a team treats as private.
  await writeFile(varsFile, `${JSON.stringify(variables, null, 2)}\n`, { mode: 0o600 });
  return {
    dir,
    dataDir,
    varsFile,
    planFile: join(dir, 'terrarium.tfplan'),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
