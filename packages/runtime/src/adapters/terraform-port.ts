import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@terrarium/core';
import {
  ERRORED_STATE_FILE,
  LockLeftError,
  type PlanReport,
  type StateLease,
  StateLockedError,
  type TerraformPort,
  type TerraformWorkspace,
} from '@terrarium/lifecycle';
import {
  createTerraform,
  nonSensitiveOutputValues,
  summarizePlan,
  TerraformCommandError,
  TerraformLockError,
} from '@terrarium/terraform';

export interface TerraformPortOptions {
  /** `terraform` or `tofu` (the catalog's terraform.binary), or a path. */
  binary: string;
  logger: Logger;
  /** Per command; @terrarium/terraform's default (60 minutes) when undefined. */
  timeoutMs?: number | undefined;
}

/** Builds TerraformPorts over @terrarium/terraform, one per run workspace. */
export function terraformPorts(
  options: TerraformPortOptions,
): (workspace: TerraformWorkspace) => TerraformPort {
  return (workspace) => {
    const env = { ...workspace.env, TF_DATA_DIR: workspace.dataDir };
    const terraform = createTerraform({
      binary: options.binary,
      workingDirectory: workspace.rootModule,
      env,
      logger: options.logger,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
    return {
      init: ({ backendConfigFile, lockTimeoutMs }) =>
        locked(() =>
          terraform.init({
            backendConfig: undefined,
            backendConfigFile,
            reconfigure: true,
            lockTimeout: seconds(lockTimeoutMs),
          }),
        ),
      plan: ({ out, varFiles, lockTimeoutMs }) =>
        locked(() => terraform.plan({ out, varFiles, lockTimeout: seconds(lockTimeoutMs) })),
      async showPlan(planFile): Promise<PlanReport> {
        const json = await terraform.showPlanJson(planFile);
        return { summary: summarizePlan(json), json };
      },
      apply: (planFile, { lockTimeoutMs }) =>
        locked(() => terraform.apply(planFile, { lockTimeout: seconds(lockTimeoutMs) })),
      destroy: ({ varFiles, lockTimeoutMs }) =>
        locked(() => terraform.destroy({ varFiles, lockTimeout: seconds(lockTimeoutMs) })),
      outputs: async () => nonSensitiveOutputValues(await terraform.output()),
      async erroredStateFile() {
        const file = join(workspace.rootModule, ERRORED_STATE_FILE);
        return (await stat(file).catch(() => undefined)) ? file : undefined;
      },
      async pushState(stateFile, { lockTimeoutMs }) {
        await locked(() => terraform.statePush(stateFile, { lockTimeout: seconds(lockTimeoutMs) }));
        await rm(stateFile, { force: true });
      },
    };
  };
}

function seconds(ms: number): string {
  return `${Math.max(0, Math.ceil(ms / 1000))}s`;
}

/** A lock conflict becomes the lifecycle's StateLockedError, with the holder terraform printed. */
async function locked<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof TerraformLockError) {
      const lease: StateLease | undefined = error.lock
        ? {
            id: error.lock.id,
            operation: error.lock.operation,
            who: error.lock.who,
            created: error.lock.created,
            path: error.lock.path,
          }
        : undefined;
      throw new StateLockedError(error.message, lease);
    }
    // Two inits on a state that does not exist yet: the azurerm backend leases the new, empty
    // blob before writing its lock info, and the loser fails with this instead of a lock error.
    if (
      error instanceof TerraformCommandError &&
      /failed to lock azure state|LeaseAlreadyPresent/.test(error.message)
    )
      throw new StateLockedError(`the state is being created by another run: ${error.message}`);
    if (error instanceof TerraformCommandError && error.lockLeft)
      throw new LockLeftError(error.message, error.unreleasedLock?.id, { cause: error });
    throw error;
  }
}
