import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SAMPLE_MODULE_DIR = fileURLToPath(new URL('../../examples/terraform/sample', import.meta.url));

export interface SampleWorkdir {
  dir: string;
  /** Writes `<name>.tfvars.json` in the working directory and returns its file name for -var-file. */
  writeVars(name: string, variables: Record<string, unknown>): Promise<string>;
  remove(): Promise<void>;
}

/**
 * A private copy of examples/terraform/sample: each terraform run gets its own `.terraform`
 * folder and plan files, as two CI jobs on two runners would.
 */
export async function sampleWorkdir(): Promise<SampleWorkdir> {
  const dir = await mkdtemp(join(tmpdir(), 'terrarium-tf-'));
  await cp(SAMPLE_MODULE_DIR, dir, {
    recursive: true,
    filter: (source) => !/[/\\](\.terraform|terraform\.tfstate[^/\\]*|\.terraform\.lock\.hcl)$/.test(source),
  });
  return {
    dir,
    writeVars: async (name, variables) => {
      const file = `${name}.tfvars.json`;
      await writeFile(join(dir, file), JSON.stringify(variables, null, 2));
      return file;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** The identity variables Terrarium hands to a root module, for one ephemeral environment. */
export function identityVars(instance: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    environment: 'feat',
    environment_id: `feat-${instance}`,
    instance,
    branch: 'feature/login',
    pr_number: instance.replace(/^pr-/, ''),
    expires_at: '2030-01-01T00:00:00Z',
    tags: { 'terrarium-environment': 'feat', 'terrarium-instance': instance },
    ...extra,
  };
}
