import { copyFile, mkdtemp, readdir, rm, stat, symlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Logger } from '@terrarium/core';

/** What terraform writes into its working directory when it cannot save a state to the backend. */
export const ERRORED_STATE_FILE = 'errored.tfstate';

/** Entries of a root module that are one run's own: terraform's working files, never shared. */
const RUN_OWN = new Set([
  '.terraform',
  '.terraform.tfstate.lock.info',
  ERRORED_STATE_FILE,
  'terraform.tfstate',
  'terraform.tfstate.backup',
]);
/** Copied rather than linked: `terraform init` may rewrite it, and runs must not write each other's. */
const COPIED = new Set(['.terraform.lock.hcl']);

export interface WorkingCopy {
  /** Where terraform runs: the copy, or the root module itself when no copy could be made. */
  dir: string;
  /** Removes the copy, unless terraform left a state there that nobody could save. */
  dispose(): Promise<void>;
}

/**
 * A working directory of the root module for one run, so runs of the same module at once (a
 * sweep tearing several environments down) never write into each other's: terraform puts
 * `errored.tfstate` in its working directory when storage drops, and two of them there would
 * overwrite one another. The copy is a sibling of the root module holding a link to each of its
 * files and folders, so `./modules/x`, `../modules/x` and `path.module` resolve as they would in
 * the module itself. Where the parent folder is not writable the run uses the module in place.
 */
export async function createWorkingCopy(
  rootModule: string,
  label: string,
  logger: Logger,
): Promise<WorkingCopy> {
  const inPlace: WorkingCopy = { dir: rootModule, dispose: async () => {} };
  // A root module that cannot be read is terraform's to report, in its own words.
  const entries = await readdir(rootModule).catch(() => undefined);
  if (!entries) return inPlace;
  let dir: string;
  try {
    dir = await mkdtemp(
      join(dirname(rootModule), `.terrarium-${basename(rootModule)}-${label.slice(0, 40)}-`),
    );
  } catch (error) {
    logger.warning(
      `Could not make a working copy of ${rootModule} (${(error as Error).message}); running in place, so runs of this module must not overlap.`,
    );
    return inPlace;
  }
  try {
    for (const entry of entries) {
      // Another run's copy, when a root module sits in this one's parent folder, is not part of it.
      if (RUN_OWN.has(entry) || entry.startsWith('.terrarium-')) continue;
      const source = join(rootModule, entry);
      if (COPIED.has(entry)) await copyFile(source, join(dir, entry));
      else await symlink(source, join(dir, entry));
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    dir,
    async dispose() {
      if (await stat(join(dir, ERRORED_STATE_FILE)).catch(() => undefined)) {
        logger.warning(`Kept ${dir}: it holds ${ERRORED_STATE_FILE}, a state terraform could not save.`);
        return;
      }
      // rm unlinks the links; it never follows them into the module.
      await rm(dir, { recursive: true, force: true });
    },
  };
}
