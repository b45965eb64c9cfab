import { type Catalog, type Logger, loadCatalog } from '@terrarium/core';
import type { LifecycleDeps } from '../ports.js';
import { createLifecycleDeps } from './lifecycle-wiring.js';
import { type RunnerEnvironment, readRunnerEnvironment } from './runner-environment.js';

export interface ActionRunOptions {
  env: Record<string, string | undefined>;
  configFile: string;
  /** GitHub comments, deployments and run states need it; without one they are left out. */
  githubToken: string | undefined;
  logger: Logger;
  mask: (secret: string) => void;
  resourceGroups?: boolean | undefined;
}

export interface ActionRun {
  catalog: Catalog;
  runner: RunnerEnvironment;
  deps: LifecycleDeps;
}

/** What a provision-env or teardown-env step runs on: the catalog, the runner's facts and the ports. */
export async function wireActionRun(options: ActionRunOptions): Promise<ActionRun> {
  const { env, githubToken: token, logger, mask } = options;
  if (token) mask(token);
  const catalog = await loadCatalog(options.configFile);
  const runner = readRunnerEnvironment(env);
  const deps = createLifecycleDeps({
    catalog,
    env,
    logger,
    mask,
    github: token ? { token, repository: runner.repository, ref: runner.ref } : undefined,
    resourceGroups: options.resourceGroups,
  });
  return { catalog, runner, deps };
}
