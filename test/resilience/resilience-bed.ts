import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BlobServiceClient, newPipeline, StorageSharedKeyCredential } from '@azure/storage-blob';
import { type Catalog, type Logger, parseCatalog, type Target } from '@terrarium/core';
import { type RecordingLogger, recordingLogger } from '@terrarium/core/testing';
import { createGitHubClient } from '@terrarium/github';
import type { LifecycleDeps } from '@terrarium/lifecycle';
import { createGitHubPort, createStatePort, terraformPorts } from '@terrarium/runtime';
import { recordBlobName, resolveStorageAuth } from '@terrarium/state';
import { type Azurite, startAzurite } from '../harness/azurite.js';
import { catalogYaml } from '../harness/catalog.js';
import { type ConnectProxy, startConnectProxy } from '../harness/connect-proxy.js';
import { type FaultProxy, startFaultProxy } from '../harness/fault-proxy.js';
import type { GitHubFake } from '../harness/github-fake.js';
import {
  type ActionRun,
  type ActionStep,
  runAction,
  type StepOptions,
  startAction,
} from '../harness/run-action.js';
import { readStateBlob, type StateFile } from '../harness/state-blob.js';
import { uniqueContainer } from '../harness/target-factory.js';
import { type TerraformBackend, terraformThroughProxy, trustPolicy } from '../harness/terraform-backend.js';
import { createTestCertificates } from '../harness/tls-cert.js';

const SAMPLE_SOURCE = fileURLToPath(new URL('../../examples/terraform/sample', import.meta.url));
let sampleCopy: string | undefined;

/**
 * This test file's own copy of the sample module, made on first use. Runs write into the root
 * module (terraform leaves errored.tfstate there when storage drops); files running side by side
 * must not see each other's, and the repository's copy must stay untouched.
 */
export function sampleModule(): string {
  sampleCopy ??= (() => {
    const dir = join(removeLater(mkdtempSync(join(tmpdir(), 'terrarium-resilience-module-'))), 'sample');
    cpSync(SAMPLE_SOURCE, dir, { recursive: true });
    return dir;
  })();
  return sampleCopy;
}

/**
 * TLS Azurite with the fault proxy in front of it: terraform reaches the proxy through the
 * CONNECT proxy, node clients through the connection string, so every storage request of a run
 * (terraform's and Terrarium's) can be cut or failed.
 */
export interface ResilienceBed
  extends Pick<TerraformBackend, 'certificates' | 'accountName' | 'accountKey' | 'terraformEnv' | 'nodeEnv'> {
  readonly azurite: Azurite;
  /** Stops Azurite (every connection drops), waits, and starts it again on the same port and data. */
  restartAzurite(downMs: number): Promise<void>;
  faults: FaultProxy;
  /** Through the fault proxy. */
  connectionString: string;
  /** A client in the test process, through the fault proxy, with `maxTries` tries. */
  blobService(maxTries?: number): BlobServiceClient;
  /** Straight to Azurite, for checks that must not be disturbed by injected faults. */
  directService(): BlobServiceClient;
  /** Where steps keep their runner folders; removed when the bed stops. */
  scratchDir: string;
  stop(): Promise<void>;
}

export interface ResilienceBedOptions {
  /** Keep Azurite's blobs on disk, so restartAzurite() brings them back as a real restart would. */
  persistent?: boolean;
}

export async function startResilienceBed(options: ResilienceBedOptions = {}): Promise<ResilienceBed> {
  const certificates = await createTestCertificates();
  const location = options.persistent
    ? removeLater(mkdtempSync(join(tmpdir(), 'terrarium-azurite-')))
    : undefined;
  const azuriteOptions = {
    cert: { certFile: certificates.certFile, keyFile: certificates.keyFile },
    ...(location ? { location } : {}),
  };
  let azurite = await startAzurite(azuriteOptions);
  const { readFile } = await import('node:fs/promises');
  const keyPem = await readFile(certificates.keyFile, 'utf8');
  const faults = await startFaultProxy({
    targetPort: azurite.port,
    certPem: certificates.certPem,
    keyPem,
    caPem: certificates.caCertPem,
  });
  const proxy: ConnectProxy = await startConnectProxy(faults.port);
  const agent = new Agent({ ca: certificates.caCertPem, keepAlive: true });
  const { accountName, accountKey } = azurite;
  const endpoint = (port: number) => `https://127.0.0.1:${port}/${accountName}`;
  const client = (port: number, maxTries: number) => {
    const pipeline = newPipeline(new StorageSharedKeyCredential(accountName, accountKey), {
      retryOptions: { maxTries, retryDelayInMs: 100, maxRetryDelayInMs: 500 },
    });
    pipeline.factories.unshift(trustPolicy(agent));
    return new BlobServiceClient(endpoint(port), pipeline);
  };
  return {
    get azurite() {
      return azurite;
    },
    async restartAzurite(downMs: number) {
      if (!location) throw new Error('restartAzurite needs startResilienceBed({ persistent: true })');
      await azurite.stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      azurite = await startAzurite({ ...azuriteOptions, port: azurite.port });
    },
    faults,
    certificates,
    accountName,
    accountKey,
    connectionString: `DefaultEndpointsProtocol=https;AccountName=${accountName};AccountKey=${accountKey};BlobEndpoint=${endpoint(faults.port)};`,
    terraformEnv: terraformThroughProxy(proxy.url, certificates),
    nodeEnv: { NODE_EXTRA_CA_CERTS: certificates.caCertFile },
    blobService: (maxTries = 1) => client(faults.port, maxTries),
    directService: () => client(azurite.port, 1),
    scratchDir: removeLater(mkdtempSync(join(tmpdir(), 'terrarium-resilience-steps-'))),
    stop: async () => {
      agent.destroy();
      await proxy.stop();
      await faults.stop();
      await azurite.stop();
      await certificates.remove();
      removeTemporaryDirs();
    },
  };
}

/** Folders a test file made (catalogs, runner folders); the bed removes them when it stops. */
const temporaryDirs: string[] = [];

export function removeLater(dir: string): string {
  temporaryDirs.push(dir);
  return dir;
}

function removeTemporaryDirs(): void {
  for (const dir of temporaryDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  sampleCopy = undefined;
}

/** A catalog over the sample module with one environment of each kind and safety level. */
export function writeCatalog(accountName: string, container: string): Catalog {
  const dir = removeLater(mkdtempSync(join(tmpdir(), 'terrarium-resilience-')));
  const file = join(dir, 'environments.yaml');
  const text = catalogYaml({ account: accountName, container, rootModule: sampleModule() });
  writeFileSync(file, text);
  return parseCatalog(text, file);
}

export interface BedStepOptions extends StepOptions {
  /** Storage credentials; the bed's connection string (through the fault proxy) when left out. */
  storage?: Record<string, string>;
  githubApiUrl?: string;
}

/** A bundled step against this bed: its storage and terraform settings, its folder removed with the bed. */
function bedStep(bed: ResilienceBed, options: BedStepOptions): StepOptions {
  const { storage, githubApiUrl, ...step } = options;
  return {
    ...step,
    under: bed.scratchDir,
    env: {
      ...bed.terraformEnv,
      ...bed.nodeEnv,
      ...(storage ?? { AZURE_STORAGE_CONNECTION_STRING: bed.connectionString }),
      ...(githubApiUrl ? { GITHUB_API_URL: githubApiUrl } : {}),
      ...step.env,
    },
  };
}

export function startStep(bed: ResilienceBed, action: string, options: BedStepOptions): ActionStep {
  return startAction(action, bedStep(bed, options));
}

export function runStep(bed: ResilienceBed, action: string, options: BedStepOptions): Promise<ActionRun> {
  return runAction(action, bedStep(bed, options));
}

export interface DepsOptions {
  logger: Logger;
  /** Storage tries per request (the SDK's retry policy); 1 shows failures at once. */
  maxTries?: number;
  github?: GitHubFake | undefined;
}

/** The use cases' dependencies over the real adapters: state on Azurite, real terraform, the GitHub fake. */
export function realDeps(bed: ResilienceBed, catalog: Catalog, options: DepsOptions): LifecycleDeps {
  const auth = resolveStorageAuth(catalog.backend, { AZURE_STORAGE_CONNECTION_STRING: bed.connectionString });
  const state = createStatePort({
    auth: { ...auth, blobService: bed.blobService(options.maxTries ?? 1) },
    backend: catalog.backend,
    logger: options.logger,
    repository: 'Codertocat/Hello-World',
  });
  const terraformEnv = { ...bed.terraformEnv };
  const withEnv: LifecycleDeps['state'] = {
    ...state,
    terraformEnv: () => ({ ...state.terraformEnv(), ...terraformEnv }),
  };
  const github = options.github
    ? createGitHubPort({
        octokit: createGitHubClient({
          token: 'ghs_resilienceTestToken000000000000000000',
          baseUrl: options.github.url,
          // Short backoff for 5xx; a rate limit is waited out if it resets within 5 s.
          retry: { retries: 2, baseDelayMs: 50, maxDelayMs: 5_000 },
          logger: options.logger,
        }),
        repository: `${options.github.owner}/${options.github.repo}`,
        ref: 'main',
        logger: options.logger,
      })
    : undefined;
  return {
    logger: options.logger,
    state: withEnv,
    terraform: terraformPorts({ binary: 'terraform', logger: options.logger, timeoutMs: 120_000 }),
    github,
  };
}

export interface FeatEnvironmentOptions {
  /** Container name prefix: one container per test. */
  prefix: string;
  /** The pull request the feat environment belongs to. */
  number: number;
  branch?: string;
  /** The event's run id; the run a record names. */
  runId?: string;
  maxTries?: number;
  lockTimeoutMs?: number;
  /** When given, the PR is open there and the lifecycle talks to it. */
  github?: GitHubFake | undefined;
}

/**
 * A feat-pr-<n> environment in a container of its own, with the use cases' dependencies over the
 * real adapters and the request fields every provision and teardown of it shares.
 */
export function featEnvironment(bed: ResilienceBed, options: FeatEnvironmentOptions) {
  const { number } = options;
  const container = uniqueContainer(options.prefix);
  const catalog = writeCatalog(bed.accountName, container);
  const logger = recordingLogger();
  const deps = realDeps(bed, catalog, { logger, maxTries: options.maxTries, github: options.github });
  const branch = options.branch ?? `feature/${number}`;
  options.github?.setPull(number, { state: 'open', headRef: branch });
  const base = {
    catalog,
    environment: 'feat',
    event: { eventName: 'pull_request', pullRequest: number, branch, runId: options.runId ?? `${number}0` },
    lockTimeoutMs: options.lockTimeoutMs ?? 5_000,
    pollIntervalMs: 100,
  };
  const target = {
    stateContainer: container,
    stateKey: `feat/pr-${number}/terraform.tfstate`,
    envId: `feat-pr-${number}`,
  };
  return { container, catalog, logger, deps, base, target };
}

/** Every blob of a container with its ETag and lease state: equal snapshots mean nothing changed. */
export async function snapshotContainer(service: BlobServiceClient, container: string): Promise<string[]> {
  const client = service.getContainerClient(container);
  if (!(await client.exists())) return [];
  const rows: string[] = [];
  for await (const blob of client.listBlobsFlat({ includeMetadata: true, includeSnapshots: true })) {
    rows.push(`${blob.name} ${blob.snapshot ?? ''} ${blob.properties.etag} ${blob.properties.leaseState}`);
  }
  return rows.sort();
}

export async function readState(
  service: BlobServiceClient,
  target: Pick<Target, 'stateContainer' | 'stateKey'>,
): Promise<StateFile | undefined> {
  const blob = service.getContainerClient(target.stateContainer).getBlobClient(target.stateKey);
  if (!(await blob.exists())) return undefined;
  const buffer = await blob.downloadToBuffer();
  if (buffer.length === 0) return undefined;
  return readStateBlob(service, target.stateContainer, target.stateKey);
}

export interface StoredRecord {
  envId: string;
  status: string;
  stateKey: string;
  branch?: string;
  pullRequest?: number;
  outputs: Record<string, unknown>;
  lastRunId?: string;
  failureReason?: string;
  [field: string]: unknown;
}

export async function readRecordBlob(
  service: BlobServiceClient,
  container: string,
  target: Pick<Target, 'stateKey' | 'envId'>,
): Promise<StoredRecord | undefined> {
  const blob = service.getContainerClient(container).getBlobClient(recordBlobName(target));
  if (!(await blob.exists())) return undefined;
  return JSON.parse((await blob.downloadToBuffer()).toString('utf8')) as StoredRecord;
}

export async function listBackupNames(
  service: BlobServiceClient,
  container: string,
  envId: string,
): Promise<string[]> {
  const names: string[] = [];
  for await (const blob of service
    .getContainerClient(container)
    .listBlobsFlat({ prefix: `backups/${envId}/` }))
    names.push(blob.name);
  return names;
}

/** Resources in a state, by address. */
export function resourceAddresses(state: StateFile | undefined): string[] {
  return (state?.resources ?? []).map((resource) => `${resource.type}.${resource.name}`).sort();
}

/** Waits until terraform holds the state's lease for an apply: the sample module's sleep is the window to act in. */
export async function waitForApplyLease(bed: ResilienceBed, container: string, key: string): Promise<void> {
  const blob = bed.directService().getContainerClient(container).getBlobClient(key);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const properties = await blob.getProperties().catch(() => undefined);
    const encoded = properties?.leaseState === 'leased' ? properties.metadata?.terraformlockid : undefined;
    const operation = encoded
      ? (JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as { Operation?: string }).Operation
      : undefined;
    if (operation === 'OperationTypeApply') return;
    if (Date.now() > deadline) throw new Error(`${key} was never leased for an apply`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Waits until the sample module's provisioner runs: terraform has read the state and is creating
 * resources, so a fault injected now hits the end of the apply, not its start.
 */
export async function waitForProvisioner(logger: RecordingLogger): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!logger.lines.some((line) => /\(local-exec\): Executing:/.test(line.message))) {
    if (Date.now() > deadline) throw new Error('the provisioner never started');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
