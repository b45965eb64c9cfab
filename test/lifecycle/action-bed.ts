import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BlobServiceClient } from '@azure/storage-blob';
import { type CatalogOptions, catalogYaml } from '../harness/catalog.js';
import { type GitHubFake, startGitHubFake } from '../harness/github-fake.js';
import {
  type ActionRun,
  type ActionStep,
  runAction,
  type StepOptions,
  startAction,
} from '../harness/run-action.js';
import { SAMPLE_MODULE_DIR } from '../harness/sample-module.js';
import { startTerraformBackend, type TerraformBackend } from '../harness/terraform-backend.js';

export type { ActionRun };

/** What differs between the steps of a lifecycle test: the rest comes from the bed. */
export type BedStep = Pick<StepOptions, 'inputs' | 'event' | 'runId' | 'env'>;

export interface ActionBed {
  backend: TerraformBackend;
  github: GitHubFake;
  container: string;
  workspace: string;
  blobs(): BlobServiceClient;
  /** Starts one bundled action as a runner would; `child` can be killed, `done` resolves when it ends. */
  start(action: 'provision-env' | 'teardown-env', step: BedStep): ActionStep;
  run(action: 'provision-env' | 'teardown-env', step: BedStep): Promise<ActionRun>;
  stop(): Promise<void>;
}

let counter = 0;

/** The token every action run gets as its `github-token` input. */
export const TOKEN = 'ghs_fakeTokenForTheGitHubFake0123456789';

export interface ActionBedOptions {
  /** More of the catalog (sections, environments); account, container and root module are the bed's. */
  catalog?: Omit<CatalogOptions, 'account' | 'container' | 'rootModule'>;
  /** More environment for Azurite (a shifted clock's preload). */
  azuriteEnv?: Record<string, string>;
  /** Azurite's debug log file, which names every operation it served. */
  azuriteDebugLog?: string;
}

/** TLS Azurite with terraform's backend, the GitHub fake, and one workspace with a catalog. */
export async function startActionBed(bedOptions: ActionBedOptions = {}): Promise<ActionBed> {
  const backend = await startTerraformBackend({
    azuriteEnv: bedOptions.azuriteEnv,
    azuriteDebugLog: bedOptions.azuriteDebugLog,
  });
  const github = await startGitHubFake();
  const container = `lifecycle-${process.pid}-${++counter}`;
  const workspace = mkdtempSync(join(tmpdir(), 'terrarium-workspace-'));
  writeFileSync(
    join(workspace, 'environments.yaml'),
    catalogYaml({ ...bedOptions.catalog, account: backend.accountName, container, rootModule: 'sample' }),
  );
  cpSync(SAMPLE_MODULE_DIR, join(workspace, 'sample'), { recursive: true });

  const options = (step: BedStep): StepOptions => ({
    inputs: { 'github-token': TOKEN, ...step.inputs },
    event: step.event,
    runId: step.runId,
    workspace,
    env: {
      ...backend.terraformEnv,
      ...backend.nodeEnv,
      GITHUB_REPOSITORY: `${github.owner}/${github.repo}`,
      GITHUB_API_URL: github.url,
      AZURE_STORAGE_CONNECTION_STRING: backend.connectionString,
      ...step.env,
    },
  });

  return {
    backend,
    github,
    container,
    workspace,
    blobs: () => backend.blobService(),
    start: (action, step) => startAction(action, options(step)),
    run: (action, step) => runAction(action, options(step)),
    stop: async () => {
      await github.stop();
      await backend.stop();
    },
  };
}

/** Names of the blobs in a container, under a prefix. */
export async function blobNames(
  service: BlobServiceClient,
  container: string,
  prefix = '',
): Promise<string[]> {
  const names: string[] = [];
  for await (const blob of service.getContainerClient(container).listBlobsFlat({ prefix }))
    names.push(blob.name);
  return names.sort();
}
