import {
  type Catalog,
  type EnvironmentSpec,
  type EnvironmentView,
  type EventContext,
  getEnvironment,
  resolveTarget,
  type Target,
} from '@terrarium/core';
import { rootModuleOf, varFilesOf } from './environment-paths.js';
import { attachFailureContext, type FailureReason, LifecycleFailure } from './failure.js';
import {
  type LifecycleDeps,
  type RunContext,
  StateLockedError,
  systemClock,
  type TerraformPort,
} from './ports.js';
import { runVariables } from './run-variables.js';
import { createRunWorkspace, type RunWorkspace } from './run-workspace.js';
import { parseVarsInput } from './vars-input.js';
import { createWorkingCopy } from './working-copy.js';

export interface TargetRequest {
  catalog: Catalog;
  environment: string;
  instance?: string | undefined;
  event?: EventContext | undefined;
  ttlSeconds?: number | undefined;
  /** The `vars` input: JSON object text. */
  vars?: string | undefined;
}

export interface ResolvedRun {
  target: Target;
  spec: EnvironmentSpec;
  variables: Record<string, unknown>;
}

/** Everything a run can check without touching state or terraform: user mistakes surface here. */
export function resolveRun(request: TargetRequest, now: Date): ResolvedRun {
  const spec = getEnvironment(request.catalog, request.environment);
  const target = resolveTarget(request.catalog, {
    environment: request.environment,
    instance: request.instance,
    event: request.event,
    ttlSeconds: request.ttlSeconds,
    now,
  });
  const variables = runVariables(spec, target, parseVarsInput(request.vars));
  return { target, spec, variables };
}

/** One run of a use case, once its target is resolved and its gate passed. */
export interface UseCaseRun<Request> {
  deps: LifecycleDeps;
  request: Request;
  resolved: ResolvedRun;
  /** Lines for the job summary, gathered as the run goes. */
  notes: string[];
}

/**
 * The frame every use case shares: resolve the target, let the use case's gate refuse before
 * anything is touched, run it, and attach the target and notes to whatever it throws, so the
 * actions can report failure-reason and the environment even for an early failure.
 */
export async function runUseCase<Request extends TargetRequest, Result>(
  deps: LifecycleDeps,
  request: Request,
  gate: (target: Target, request: Request) => void,
  body: (run: UseCaseRun<Request>) => Promise<Result>,
): Promise<Result> {
  const clock = deps.clock ?? systemClock;
  const notes: string[] = [];
  let resolved: ResolvedRun | undefined;
  try {
    resolved = resolveRun(request, clock.now());
    gate(resolved.target, request);
    return await body({ deps, request, resolved, notes });
  } catch (error) {
    throw attachFailureContext(error, { target: resolved?.target, notes });
  }
}

export interface OpenedRun {
  workspace: RunWorkspace;
  terraform: TerraformPort;
  /** The environment's var files, then this run's variables file (which wins). */
  varFiles: string[];
}

/** Writes the run's files, runs `terraform init` with the generated backend settings. */
export async function openTerraform(
  deps: LifecycleDeps,
  catalog: Catalog,
  run: ResolvedRun,
  options: {
    workingDirectory?: string | undefined;
    lockTimeoutMs: number;
    initFailure: FailureReason;
    /** Run terraform in a working copy of the root module: other runs of it go on at the same time. */
    ownWorkingCopy?: boolean | undefined;
  },
): Promise<OpenedRun> {
  const rootModule = rootModuleOf(catalog, options.workingDirectory);
  const files = await createRunWorkspace(run.target.envId, run.variables);
  const copy = options.ownWorkingCopy
    ? await createWorkingCopy(rootModule, run.target.envId, deps.logger).catch(async (error: unknown) => {
        await files.dispose();
        throw error;
      })
    : undefined;
  const workspace: RunWorkspace = {
    ...files,
    dispose: async () => {
      await copy?.dispose();
      await files.dispose();
    },
  };
  try {
    const backendConfigFile = await deps.state.writeBackendConfig(run.target, workspace.dir);
    const terraform = deps.terraform({
      rootModule: copy?.dir ?? rootModule,
      dataDir: workspace.dataDir,
      env: deps.state.terraformEnv(),
    });
    await initWithRetry(deps, terraform, backendConfigFile, options);
    return { workspace, terraform, varFiles: [...varFilesOf(catalog, run.spec), workspace.varsFile] };
  } catch (error) {
    await workspace.dispose();
    throw error;
  }
}

/**
 * `terraform init` on a state another run is creating at that very moment fails instead of
 * waiting (the new blob is leased before its lock info is written), so init is retried, as it
 * is idempotent, until the lock timeout.
 */
async function initWithRetry(
  deps: LifecycleDeps,
  terraform: TerraformPort,
  backendConfigFile: string,
  options: { lockTimeoutMs: number; initFailure: FailureReason },
): Promise<void> {
  const clock = deps.clock ?? systemClock;
  const deadline = clock.now().getTime() + options.lockTimeoutMs;
  for (;;) {
    try {
      await terraform.init({ backendConfigFile, lockTimeoutMs: options.lockTimeoutMs });
      return;
    } catch (error) {
      if (error instanceof StateLockedError && clock.now().getTime() < deadline) {
        deps.logger.info('The state is locked while terraform init reads it; trying again in 2 s.');
        await clock.sleep(2000);
        continue;
      }
      throw new LifecycleFailure(
        error instanceof StateLockedError ? 'state-locked' : options.initFailure,
        `terraform init failed: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
}

/** A moment of a run, as the comment and the deployment show it; the target fills in the rest. */
export type ViewMoment = Omit<EnvironmentView, 'envId' | 'branch' | 'expiresAt' | 'runUrl'>;

/**
 * What a run tells GitHub about its target: the pull request's sticky comment, the deployment,
 * and deactivating the deployments when the environment is gone. Each is a courtesy, and each is
 * left out when the run was asked not to (or has no pull request to comment on).
 */
export function gitHubNotices(
  deps: LifecycleDeps,
  target: Target,
  options: { run?: RunContext | undefined; comment?: boolean | undefined; deployment?: boolean | undefined },
) {
  const github = deps.github;
  const view = (moment: ViewMoment): EnvironmentView => ({
    envId: target.envId,
    branch: target.branch,
    expiresAt: target.expiresAt,
    runUrl: options.run?.url,
    ...moment,
  });
  return {
    async comment(moment: ViewMoment) {
      if (github && options.comment !== false && target.pullRequest !== undefined)
        await courtesy(deps, 'update the pull request comment', () => github.comment(target, view(moment)));
    },
    async deployment(moment: ViewMoment) {
      if (github && options.deployment !== false)
        await courtesy(deps, 'update the deployment', () => github.deploymentStatus(target, view(moment)));
    },
    async deactivateDeployments() {
      if (github && options.deployment !== false)
        await courtesy(deps, 'deactivate the deployments', () => github.deactivateDeployments(target));
    },
  };
}

/** GitHub is a courtesy: a failed comment or deployment status is a warning, never a failed run. */
export async function courtesy(
  deps: LifecycleDeps,
  what: string,
  action: () => Promise<void>,
): Promise<void> {
  try {
    await action();
  } catch (error) {
    deps.logger.warning(`Could not ${what}: ${(error as Error).message}`);
  }
}
