import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type GitHubFake, startGitHubFake } from '../../test/harness/github-fake.js';
import { type LlmService, startLlmService } from '../../test/harness/llm-service.js';
import { startTerraformBackend, type TerraformBackend } from '../../test/harness/terraform-backend.js';
import { ChildProcesses } from './child-processes.js';
import { createRedactor, type Redactor } from './redactor.js';
import { requireFromTestWorkspace } from './test-workspace.js';

const { parse } = requireFromTestWorkspace('yaml') as { parse(text: string): unknown };

/** Everything the demo runs on: the embedded default, started fresh for one run. */
export interface DemoWorld {
  /** The repository: GITHUB_WORKSPACE of every action run. */
  root: string;
  /** The embedded catalog, `environments.yaml` at the root. */
  catalogFile: string;
  storageAccount: string;
  container: string;
  /** Scratch space (runner temp, terraform data, event files); removed at the end. */
  workDir: string;
  /** Job summaries, logs and reports, kept after the run for the person to read. */
  keepDir: string;
  backend: TerraformBackend;
  github: GitHubFake;
  llm: LlmService;
  /** The job token a runner would hand the actions (`github.token`). */
  token: string;
  redactor: Redactor;
  processes: ChildProcesses;
  /** Stops every process and server it started and removes the scratch space. Safe to call twice. */
  stop(): Promise<void>;
}

interface CatalogBackend {
  backend?: { 'storage-account'?: string; container?: string };
}

async function readCatalogBackend(file: string): Promise<{ storageAccount: string; container: string }> {
  const catalog = parse(await readFile(file, 'utf8')) as CatalogBackend;
  const storageAccount = catalog.backend?.['storage-account'];
  if (!storageAccount) throw new Error(`${file} names no backend.storage-account`);
  return { storageAccount, container: catalog.backend?.container ?? 'tfstate' };
}

export async function startDemoWorld(root: string): Promise<DemoWorld> {
  const catalogFile = join(root, 'environments.yaml');
  const { storageAccount, container } = await readCatalogBackend(catalogFile);
  const redactor = createRedactor();
  const processes = new ChildProcesses();
  const stops: (() => Promise<void>)[] = [];
  let stopped: Promise<void> | undefined;
  const stop = () => {
    processes.stopAll();
    stopped ??= (async () => {
      for (const step of stops.reverse()) await step().catch(() => undefined);
    })();
    return stopped;
  };

  try {
    const workDir = await mkdtemp(join(tmpdir(), 'terrarium-demo-work-'));
    stops.push(() => rm(workDir, { recursive: true, force: true }));
    const keepDir = await mkdtemp(join(tmpdir(), 'terrarium-demo-'));
    await mkdir(join(keepDir, 'summaries'));
    await mkdir(join(keepDir, 'logs'));

    // A fresh key each run: nothing secret is fixed in the repository, and nothing outlives the run.
    const accountKey = randomBytes(32).toString('base64');
    redactor.add(accountKey);
    const backend = await startTerraformBackend({ account: { name: storageAccount, key: accountKey } });
    stops.push(() => backend.stop());
    redactor.add(backend.connectionString);

    const github = await startGitHubFake();
    stops.push(() => github.stop());
    // Slower than a web page and with a long tail, as LLM endpoints are; a rare overload.
    const llm = await startLlmService({ medianMs: 120, sigma: 0.45, errorRate: 0.002, seed: 42 });
    stops.push(() => llm.stop());

    const token = `ghs_demo${randomBytes(16).toString('hex')}`;
    redactor.add(token);
    return {
      root,
      catalogFile,
      storageAccount,
      container,
      workDir,
      keepDir,
      backend,
      github,
      llm,
      token,
      redactor,
      processes,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
