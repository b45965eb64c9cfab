import { mkdtemp, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type Catalog,
  ConfigurationError,
  type EventContext,
  resolveTarget,
  type Target,
} from '@terrarium/core';
import type { LifecycleDeps } from './ports.js';

export interface ConfigureBackendRequest {
  catalog: Catalog;
  environment: string;
  /** Explicit instance; undefined to derive it from the event. */
  instance?: string | undefined;
  event?: EventContext | undefined;
  /** The directory terraform runs in, when given: it must exist. */
  workingDirectory?: string | undefined;
  /** Create the state container when it is missing. */
  bootstrap: boolean;
  /** Where the backend settings file goes (a new folder in it): the runner's temp folder. */
  outDir: string;
}

export interface ConfigureBackendResult {
  target: Target;
  backendConfigFile: string;
  containerCreated: boolean;
  /** How the state account is reached: `connection-string`, `account-key` or `azuread`. */
  authMode: string;
  workingDirectory: string | undefined;
  /**
   * What terraform's azurerm backend needs in its environment, and only that: ARM_ACCESS_KEY or
   * ARM_SAS_TOKEN, nothing with Entra ID (terraform signs in itself). Secrets: mask before use.
   */
  terraformEnv: Record<string, string>;
}

/**
 * Names the environment instance and prepares its backend for a plain terraform run: the state
 * container (with bootstrap) and a backend settings file for `terraform init -backend-config`.
 * No record, no lease: terraform itself does the rest.
 */
export async function configureBackend(
  deps: Pick<LifecycleDeps, 'logger' | 'state'>,
  request: ConfigureBackendRequest,
): Promise<ConfigureBackendResult> {
  const { logger, state } = deps;
  await checkWorkingDirectory(request.workingDirectory);
  const target = resolveTarget(request.catalog, {
    environment: request.environment,
    instance: request.instance,
    event: request.event,
  });
  logger.info(
    `State of ${target.envId}: ${target.stateContainer}/${target.stateKey} in ${state.account.name}.`,
  );
  const containerCreated = request.bootstrap ? await state.ensureStateContainer(target) : false;
  const dir = await mkdtemp(join(request.outDir, 'terrarium-'));
  return {
    target,
    backendConfigFile: await state.writeBackendConfig(target, dir),
    containerCreated,
    authMode: state.account.authMode,
    workingDirectory: request.workingDirectory,
    terraformEnv: state.terraformEnv(),
  };
}

async function checkWorkingDirectory(dir: string | undefined): Promise<void> {
  if (dir === undefined) return;
  if (!(await stat(dir).catch(() => undefined))?.isDirectory()) {
    throw new ConfigurationError(
      `input "working-directory" is "${dir}", which is not a directory: give the folder terraform runs in, relative to the workspace`,
    );
  }
}
