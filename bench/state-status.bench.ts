// listStatus (one paginated listing with metadata and tags) against the naive way a shell
// loop of `az storage blob show` gets the same facts: list the names, then ask for each
// state's properties one by one. Both run here, against the same 10,000 environments.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  createRequestCounter,
  isStateBlobName,
  listStatus,
  type RequestCounter,
  resolveStorageAuth,
} from '../packages/state/src/index.js';
import { startAzurite } from '../test/harness/azurite.js';
import { seedEnvironments } from '../test/state/seed-environments.js';
import { backendSpec } from '../test/state/target-factory.js';

const ENVIRONMENTS = Number(process.env.BENCH_ENVIRONMENTS ?? 10_000);
const GOALS = { requestRatio: 20, speedRatio: 10, peakMemoryMb: 200 };
/**
 * Loopback has no network. BENCH_RTT_MS adds the same round trip to every request of both
 * sides (a runner to a storage account in its region is several milliseconds), to show how
 * the ratios move with distance; 0 (the default) measures loopback as it is.
 */
const RTT_MS = Number(process.env.BENCH_RTT_MS ?? 0);

// A collection before each measured phase, so one phase's garbage does not count against the next.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface Measured<T> {
  result: T;
  ms: number;
  requests: number;
  peakRssMb: number;
}

async function measure<T>(
  counter: ReturnType<typeof createRequestCounter>,
  work: () => Promise<T>,
): Promise<Measured<T>> {
  gc();
  counter.reset();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { result, ms, requests: counter.total, peakRssMb: peak / 2 ** 20 };
}

/**
 * Seeding (20,000 uploads) runs in a child process, so its buffers and sockets do not count
 * in the peak memory measured here.
 */
function seedInChild(connectionString: string, now: Date): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
      env: {
        ...process.env,
        BENCH_SEED_CONNECTION_STRING: connectionString,
        BENCH_SEED_NOW: now.toISOString(),
      },
      stdio: 'inherit',
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seeding exited with ${code}`))));
  });
}

const roundTrip: RequestCounter['policy'] = {
  create: (nextPolicy) => ({
    sendRequest: async (request) => {
      await new Promise((resolve) => setTimeout(resolve, RTT_MS));
      return nextPolicy.sendRequest(request);
    },
  }),
};

function clientFor(connectionString: string, counter = createRequestCounter(), rttMs = 0) {
  return resolveStorageAuth(
    backendSpec('tfstate'),
    { AZURE_STORAGE_CONNECTION_STRING: connectionString },
    {
      pipelineOptions: { retryOptions: { maxTries: 1 } },
      policies: rttMs > 0 ? [counter.policy, roundTrip] : [counter.policy],
    },
  ).blobService.getContainerClient('tfstate');
}

const seedConnectionString = process.env.BENCH_SEED_CONNECTION_STRING;
if (seedConnectionString) {
  const container = clientFor(seedConnectionString);
  await container.create();
  const started = performance.now();
  await seedEnvironments(container, ENVIRONMENTS, {
    now: new Date(process.env.BENCH_SEED_NOW ?? Date.now()),
    expiredEvery: 10,
    concurrency: 32,
  });
  console.log(
    `seeded ${ENVIRONMENTS} environments (${ENVIRONMENTS * 2} blobs) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  process.exit(0);
}

const azurite = await startAzurite();
try {
  const counter = createRequestCounter();
  const now = new Date();
  await seedInChild(azurite.connectionString, now);
  const container = clientFor(azurite.connectionString, counter, RTT_MS);

  // Warm both paths (connection, JIT, XML parser) on a few blobs, untimed, so neither pays a cold start.
  await container
    .listBlobsFlat({ includeMetadata: true, includeTags: true })
    .byPage({ maxPageSize: 100 })
    .next();
  await container.getBlobClient('feat/pr-1/terraform.tfstate').getProperties();
  gc();
  const restRssMb = process.memoryUsage().rss / 2 ** 20;
  const fast = await measure(counter, () => listStatus(container, { now }));

  const naive = await measure(counter, async () => {
    const names: string[] = [];
    for await (const blob of container.listBlobsFlat()) if (isStateBlobName(blob.name)) names.push(blob.name);
    const rows = [];
    for (const name of names) {
      const properties = await container.getBlobClient(name).getProperties();
      rows.push({
        name,
        size: properties.contentLength,
        lease: properties.leaseState,
        tier: properties.accessTier,
      });
    }
    return rows;
  });

  if (fast.result.length !== ENVIRONMENTS || naive.result.length !== ENVIRONMENTS) {
    throw new Error(
      `expected ${ENVIRONMENTS} rows, got ${fast.result.length} (listStatus) and ${naive.result.length} (naive)`,
    );
  }

  const requestRatio = naive.requests / fast.requests;
  const speedRatio = naive.ms / fast.ms;
  const rows = [
    ['', 'listStatus', 'naive (list + show each)', 'ratio', 'goal', 'met'],
    [
      'requests',
      String(fast.requests),
      String(naive.requests),
      `${requestRatio.toFixed(0)}x fewer`,
      `>= ${GOALS.requestRatio}x`,
      requestRatio >= GOALS.requestRatio ? 'yes' : 'NO',
    ],
    [
      'time',
      `${(fast.ms / 1000).toFixed(2)} s`,
      `${(naive.ms / 1000).toFixed(2)} s`,
      `${speedRatio.toFixed(1)}x faster`,
      `>= ${GOALS.speedRatio}x`,
      speedRatio >= GOALS.speedRatio ? 'yes' : 'NO',
    ],
    [
      'peak RSS',
      `${fast.peakRssMb.toFixed(0)} MB`,
      `${naive.peakRssMb.toFixed(0)} MB`,
      '',
      `< ${GOALS.peakMemoryMb} MB`,
      fast.peakRssMb < GOALS.peakMemoryMb ? 'yes' : 'NO',
    ],
  ];
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const where = RTT_MS > 0 ? `Azurite on loopback + ${RTT_MS} ms per request` : 'Azurite on loopback';
  console.log(`\nstatus of ${ENVIRONMENTS} environments (${where}, node ${process.version})`);
  console.log(`process RSS at rest before measuring: ${restRssMb.toFixed(0)} MB (node, tsx, the SDK)`);
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  '));
  const allMet =
    requestRatio >= GOALS.requestRatio &&
    speedRatio >= GOALS.speedRatio &&
    fast.peakRssMb < GOALS.peakMemoryMb;
  process.exitCode = allMet ? 0 : 1;
} finally {
  await azurite.stop();
}
