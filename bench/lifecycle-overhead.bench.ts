// Provision + teardown of one pull request environment through the lifecycle code (records,
// lease checks, backups, plan hash, outputs, state check) against the same work done by raw
// terraform commands, on the same TLS Azurite backend in the same run. Median of a few
// repetitions each, alternating so neither side gets a warmer machine. Then each bundled
// action's cold start: the time to its first configuration error (no inputs given).
import { execFile, spawn } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseCatalog, silentLogger } from '@terrarium/core';
import { provisionEnvironment, teardownEnvironment } from '@terrarium/lifecycle';
import { createStatePort, terraformPorts } from '@terrarium/runtime';
import { resolveStorageAuth } from '@terrarium/state';
import { catalogYaml } from '../test/harness/catalog.js';
import { startTerraformBackend } from '../test/harness/terraform-backend.js';

const REPS = Number(process.env.BENCH_REPS ?? 7);
const GOAL_RATIO = 1.15;
const root = new URL('..', import.meta.url).pathname;
const sample = join(root, 'examples', 'terraform', 'sample');
const run = promisify(execFile);

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const backend = await startTerraformBackend();
// terraform (in both paths) finds the TLS Azurite through the proxy and trusts the test CA.
Object.assign(process.env, backend.terraformEnv);
const container = `bench-${process.pid}`;
await backend.blobService().getContainerClient(container).createIfNotExists();

const workspace = await mkdtemp(join(tmpdir(), 'terrarium-bench-'));
await cp(sample, join(workspace, 'sample'), { recursive: true });
const catalogFile = join(workspace, 'environments.yaml');
const catalogText = catalogYaml({
  account: backend.accountName,
  container,
  rootModule: 'sample',
  environments: { feat: { kind: 'ephemeral', ttl: '72h' } },
});
await writeFile(catalogFile, catalogText);
const catalog = parseCatalog(catalogText, catalogFile);
const auth = {
  ...resolveStorageAuth(catalog.backend, { AZURE_STORAGE_KEY: backend.accountKey }),
  blobService: backend.blobService(),
};
/** Time spent inside each port, to tell the lifecycle's own work from terraform's. */
const spent = { terraform: 0, storage: 0 };
function timed<T extends object>(bucket: keyof typeof spent, port: T): T {
  return new Proxy(port, {
    get(target, key) {
      const value = Reflect.get(target, key);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const started = performance.now();
        try {
          return await Reflect.apply(value, target, args);
        } finally {
          spent[bucket] += performance.now() - started;
        }
      };
    },
  });
}
const terraformPort = terraformPorts({ binary: 'terraform', logger: silentLogger });
const deps = {
  logger: silentLogger,
  state: timed('storage', createStatePort({ auth, backend: catalog.backend, logger: silentLogger })),
  terraform: (workspace: Parameters<typeof terraformPort>[0]) => timed('terraform', terraformPort(workspace)),
};

async function throughLifecycle(instance: string): Promise<number> {
  const started = performance.now();
  const request = { catalog, environment: 'feat', instance, lockTimeoutMs: 60_000, run: { id: '1' } };
  const up = await provisionEnvironment(deps, request);
  if (up.outcome !== 'applied') throw new Error(`lifecycle provision ${instance}: ${up.outcome}`);
  const down = await teardownEnvironment(deps, request);
  if (down.outcome !== 'destroyed') throw new Error(`lifecycle teardown ${instance}: ${down.outcome}`);
  return performance.now() - started;
}

/** What a hand-written pair of jobs runs: provision (init, plan -out, show -json, apply, output) and teardown (init, destroy). */
async function throughRawTerraform(instance: string, equivalent: boolean): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'terrarium-bench-raw-'));
  const vars = join(dir, 'vars.tfvars.json');
  await writeFile(
    vars,
    JSON.stringify({ environment: 'feat', environment_id: `feat-${instance}`, instance }),
  );
  const env = { ...process.env, TF_DATA_DIR: join(dir, 'data'), TF_IN_AUTOMATION: '1', TF_INPUT: '0' };
  const tf = (args: string[]) =>
    run('terraform', args, { cwd: join(workspace, 'sample'), env, maxBuffer: 64 << 20 });
  const init = [
    'init',
    '-input=false',
    '-no-color',
    '-reconfigure',
    `-backend-config=storage_account_name=${backend.accountName}`,
    `-backend-config=container_name=${container}`,
    `-backend-config=key=raw/${instance}/terraform.tfstate`,
  ];
  const started = performance.now();
  await tf(init);
  const plan = join(dir, 'plan.tfplan');
  await tf(['plan', '-input=false', '-no-color', `-out=${plan}`, `-var-file=${vars}`]);
  await tf(['show', '-json', '-no-color', plan]);
  await tf(['apply', '-input=false', '-no-color', plan]);
  if (equivalent) {
    await tf(['output', '-json', '-no-color']);
    await tf(init);
  }
  await tf(['destroy', '-input=false', '-no-color', '-auto-approve', `-var-file=${vars}`]);
  const elapsed = performance.now() - started;
  await rm(dir, { recursive: true, force: true });
  return elapsed;
}

function coldStart(action: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(root, 'actions', action, 'dist', 'index.js')], {
      env: { PATH: process.env.PATH ?? '' },
      stdio: 'ignore',
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 1
        ? resolve(performance.now() - started)
        : reject(new Error(`${action} exited ${code}, expected 1`)),
    );
  });
}

try {
  await throughLifecycle('warmup');
  await throughRawTerraform('warmup', true);
  spent.terraform = 0;
  spent.storage = 0;
  const lifecycle: number[] = [];
  const rawEquivalent: number[] = [];
  const rawMinimal: number[] = [];
  // The order turns every repetition, so a busy moment on a shared machine hits each side alike.
  const sides = [
    async (rep: number) => lifecycle.push(await throughLifecycle(`pr-${rep}`)),
    async (rep: number) => rawEquivalent.push(await throughRawTerraform(`eq-${rep}`, true)),
    async (rep: number) => rawMinimal.push(await throughRawTerraform(`min-${rep}`, false)),
  ];
  for (let rep = 0; rep < REPS; rep += 1) {
    for (let i = 0; i < sides.length; i += 1)
      await (sides[(rep + i) % sides.length] as (rep: number) => Promise<number>)(rep);
  }
  const ratio = median(lifecycle) / median(rawEquivalent);
  print(`provision + teardown, median of ${REPS}:`);
  print(
    `  lifecycle (records, lease checks, 2 backups, plan hash, state check): ${median(lifecycle).toFixed(0)} ms`,
  );
  print(
    `  raw terraform, the same jobs (2 inits, plan, show, apply, output, destroy): ${median(rawEquivalent).toFixed(0)} ms`,
  );
  print(`  raw terraform, minimal (1 init, plan, show, apply, destroy): ${median(rawMinimal).toFixed(0)} ms`);
  print(
    `  overhead ratio vs the same jobs: ${ratio.toFixed(3)} (goal <= ${GOAL_RATIO}) ${ratio <= GOAL_RATIO ? 'OK' : 'OVER GOAL'}`,
  );
  print(`  overhead ratio vs minimal: ${(median(lifecycle) / median(rawMinimal)).toFixed(3)}`);
  const total = lifecycle.reduce((sum, value) => sum + value, 0);
  print(
    `  inside the lifecycle runs: terraform commands ${((100 * spent.terraform) / total).toFixed(1)}%, storage calls (records, leases, backups) ${((100 * spent.storage) / total).toFixed(1)}%, the rest ${((100 * (total - spent.terraform - spent.storage)) / total).toFixed(1)}%`,
  );
  print(
    `  machine load average (1 min) at the end: ${loadavg()[0]?.toFixed(1)} on this many cores: ${availableParallelism()}`,
  );
  for (const action of ['provision-env', 'teardown-env']) {
    const times: number[] = [];
    for (let rep = 0; rep < REPS; rep += 1) times.push(await coldStart(action));
    print(
      `cold start of ${action} (to its first configuration error), median of ${REPS}: ${median(times).toFixed(0)} ms`,
    );
  }
  if (ratio > GOAL_RATIO) process.exitCode = 1;
} finally {
  await backend.stop();
  await rm(workspace, { recursive: true, force: true });
}
