// listStatus (one paginated listing with metadata and tags) against the naive way a shell
// loop of `az storage blob show` gets the same facts: list the names, then ask for each
// state's properties one by one. Both run against the same seeded Azurite, each in its own
// fresh process, beside an idle process that loads the same modules and does the same warm-up,
// so a peak is never inherited from the other approach and the cost of node, tsx and the SDK shows apart.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  isStateBlobName,
  listStatus,
  recordBlobName,
  recordMetadata,
  recordTags,
  resolveStorageAuth,
} from '@terrarium/state';
import { createRequestCounter, type RequestCounter } from '@terrarium/state/testing';
import { startAzurite } from '../test/harness/azurite.js';
import { seededRecord, stateText } from '../test/harness/seed-environments.js';
import { backendSpec } from '../test/harness/target-factory.js';

const ENVIRONMENTS = Number(process.env.BENCH_ENVIRONMENTS ?? 10_000);
const GOALS = { requestRatio: 20, speedRatio: 10, peakMemoryMb: 200 };
/**
 * Loopback has no network. BENCH_RTT_MS adds the same round trip to every request of both
 * sides (a runner to a storage account in its region is several milliseconds), to show how
 * the ratios move with distance; 0 (the default) measures loopback as it is.
 */
const RTT_MS = Number(process.env.BENCH_RTT_MS ?? 0);
/** Uploads in flight while seeding. */
const SEED_CONCURRENCY = Number(process.env.BENCH_SEED_CONCURRENCY ?? 16);
const CONTAINER = 'tfstate';
/** Bump when what seeding writes changes, so a kept seed is not reused. */
const SEED_FORMAT = 'v1';
const MB = 2 ** 20;

type Role = 'seed' | 'idle' | 'listStatus' | 'naive';

/** What a measuring child sends back over IPC. */
interface Measurement {
  role: Role;
  rows: number;
  requests: number;
  ms: number;
  /** The kernel's high-water mark of the child's RSS over its whole life (ru_maxrss). */
  peakRssMb: number;
  /** V8 heap in use, sampled every 5 ms and around every request. */
  peakHeapMb: number;
  /** After imports, client and warm-up, collected, just before the work. */
  restRssMb: number;
  restHeapMb: number;
}

const roundTrip: RequestCounter['policy'] = {
  create: (nextPolicy) => ({
    sendRequest: async (request) => {
      await new Promise((resolve) => setTimeout(resolve, RTT_MS));
      return nextPolicy.sendRequest(request);
    },
  }),
};

function clientFor(connectionString: string, policies: RequestCounter['policy'][] = []) {
  return resolveStorageAuth(
    backendSpec(CONTAINER),
    { AZURE_STORAGE_CONNECTION_STRING: connectionString },
    { pipelineOptions: { retryOptions: { maxTries: 1 } }, policies },
  ).blobService.getContainerClient(CONTAINER);
}

type SasPermissions = NonNullable<
  Parameters<ReturnType<typeof clientFor>['generateSasUrl']>[0]['permissions']
>;

function encodeBlobPath(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/');
}

/**
 * Seeding is the slow part of this bench, so it skips the SDK: a container SAS signed once,
 * then single-shot Put Blob requests (state, then record with its tags and metadata, exactly as
 * the record store writes them) on a keep-alive agent, many in flight. No per-request signing,
 * no pipeline, no Put Block List.
 */
async function seed(connectionString: string, now: Date): Promise<void> {
  const container = clientFor(connectionString);
  await container.create();
  const sasUrl = new URL(
    await container.generateSasUrl({
      // The SDK reads permissions through toString(); create, write and tag are what Put Blob with tags needs.
      permissions: { toString: () => 'cwt' } as unknown as SasPermissions,
      expiresOn: new Date(Date.now() + 3_600_000),
    }),
  );
  const agent = new Agent({ keepAlive: true, maxSockets: SEED_CONCURRENCY });
  // Azurite may close an idle keep-alive socket just as a request goes out on it; a PUT can be sent again.
  const put = async (name: string, body: string, headers: Record<string, string>) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await putOnce(name, body, headers);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET' || attempt === 3) throw error;
      }
    }
  };
  const putOnce = (name: string, body: string, headers: Record<string, string>) =>
    new Promise<void>((resolve, reject) => {
      const url = new URL(`${sasUrl.origin}${sasUrl.pathname}/${encodeBlobPath(name)}${sasUrl.search}`);
      const req = request(
        url,
        {
          method: 'PUT',
          agent,
          headers: {
            'x-ms-version': '2025-01-05',
            'x-ms-blob-type': 'BlockBlob',
            'content-type': 'application/octet-stream',
            'content-length': String(Buffer.byteLength(body)),
            ...headers,
          },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            text += chunk;
          });
          response.on('end', () =>
            response.statusCode === 201
              ? resolve()
              : reject(new Error(`seeding ${name}: HTTP ${response.statusCode} ${text.slice(0, 300)}`)),
          );
        },
      );
      req.once('error', reject);
      req.end(body);
    });
  let next = 1;
  const worker = async () => {
    while (next <= ENVIRONMENTS) {
      const index = next++;
      const record = seededRecord(CONTAINER, index, { now, expiredEvery: 10 });
      const metadata = Object.fromEntries(
        Object.entries(recordMetadata(record)).map(([key, value]) => [`x-ms-meta-${key}`, value]),
      );
      await Promise.all([
        put(record.stateKey, stateText(index), {}),
        put(recordBlobName(record), JSON.stringify(record), {
          ...metadata,
          'x-ms-tags': new URLSearchParams(recordTags(record)).toString(),
        }),
      ]);
    }
  };
  await Promise.all(Array.from({ length: Math.ceil(SEED_CONCURRENCY / 2) }, worker));
  agent.destroy();
}

/** One approach, in this (fresh) process: warm up, collect, then measure the work alone. */
async function measureHere(role: Exclude<Role, 'seed'>, connectionString: string, now: Date) {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  let peakHeap = 0;
  const sample = () => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  };
  const sampling: RequestCounter['policy'] = {
    create: (nextPolicy) => ({
      sendRequest: async (request) => {
        sample();
        const response = await nextPolicy.sendRequest(request);
        sample();
        return response;
      },
    }),
  };
  const counter = createRequestCounter();
  const policies = [counter.policy, sampling];
  if (RTT_MS > 0) policies.push(roundTrip);
  const container = clientFor(connectionString, policies);

  // The same warm-up in every child (connection, JIT, XML parser, a few blobs), untimed.
  await container
    .listBlobsFlat({ includeMetadata: true, includeTags: true })
    .byPage({ maxPageSize: 100 })
    .next();
  await container.getBlobClient('feat/pr-1/terraform.tfstate').getProperties();
  gc();
  const rest = process.memoryUsage();
  counter.reset();
  peakHeap = rest.heapUsed;
  const sampler = setInterval(sample, 5);
  const started = performance.now();
  const rows = await work(role, container, now);
  const ms = performance.now() - started;
  sample();
  clearInterval(sampler);
  const measurement: Measurement = {
    role,
    rows,
    requests: counter.total,
    ms,
    peakRssMb: Math.max(process.resourceUsage().maxRSS * 1024, process.memoryUsage().rss) / MB,
    peakHeapMb: peakHeap / MB,
    restRssMb: rest.rss / MB,
    restHeapMb: rest.heapUsed / MB,
  };
  return measurement;
}

async function work(
  role: Exclude<Role, 'seed'>,
  container: ReturnType<typeof clientFor>,
  now: Date,
): Promise<number> {
  if (role === 'idle') return 0;
  if (role === 'listStatus') return (await listStatus(container, { now })).length;
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
  return rows.length;
}

function runChild(role: Role, connectionString: string, now: Date): Promise<Measurement | undefined> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url)],
      {
        env: {
          ...process.env,
          BENCH_ROLE: role,
          BENCH_CONNECTION_STRING: connectionString,
          BENCH_NOW: now.toISOString(),
        },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    let measurement: Measurement | undefined;
    child.on('message', (message) => {
      measurement = message as Measurement;
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(measurement) : reject(new Error(`the ${role} child exited with ${code}`)),
    );
  });
}

function printTable(idle: Measurement, fast: Measurement, naive: Measurement): boolean {
  const requestRatio = naive.requests / fast.requests;
  const speedRatio = naive.ms / fast.ms;
  const goals = [
    [
      requestRatio >= GOALS.requestRatio,
      `${requestRatio.toFixed(0)}x fewer requests (>= ${GOALS.requestRatio}x)`,
    ],
    [speedRatio >= GOALS.speedRatio, `${speedRatio.toFixed(1)}x faster (>= ${GOALS.speedRatio}x)`],
    [
      fast.peakRssMb < GOALS.peakMemoryMb,
      `peak RSS ${fast.peakRssMb.toFixed(0)} MB (< ${GOALS.peakMemoryMb} MB)`,
    ],
  ] as const;
  const allMet = goals.every(([met]) => met);
  const mb = (value: number) => `${value.toFixed(0)} MB`;
  // Within a few MB of idle the difference is noise in RSS, and may come out below zero.
  const signed = (value: number) => `${value < 0 ? '-' : '+'}${mb(Math.abs(value))}`;
  const line = (m: Measurement, name: string, met: string) => [
    name,
    m.role === 'idle' ? '-' : String(m.requests),
    m.role === 'idle' ? '-' : `${(m.ms / 1000).toFixed(2)} s`,
    mb(m.peakRssMb),
    mb(m.peakHeapMb),
    m.role === 'idle' ? '-' : signed(m.peakRssMb - idle.peakRssMb),
    met,
  ];
  const table = [
    ['approach', 'requests', 'time', 'peak RSS', 'peak heap', 'RSS over idle', 'goal met?'],
    line(idle, 'idle (same modules + warm-up)', '-'),
    line(fast, 'listStatus', allMet ? 'yes' : 'NO'),
    line(naive, 'naive (list + show each)', 'baseline'),
  ];
  const widths =
    table[0]?.map((_, column) => Math.max(...table.map((row) => (row[column] ?? '').length))) ?? [];
  const where = RTT_MS > 0 ? `Azurite on loopback + ${RTT_MS} ms per request` : 'Azurite on loopback';
  console.log(`\nstatus of ${ENVIRONMENTS} environments (${where}, node ${process.version})`);
  console.log(
    'each approach in its own fresh process; peak RSS is the kernel high-water mark of that process,',
  );
  console.log(
    'peak heap is V8 heap in use sampled every 5 ms and around each request; at rest before the work:',
  );
  for (const m of [idle, fast, naive])
    console.log(
      `  ${m.role}: ${mb(m.restRssMb)} RSS, ${mb(m.restHeapMb)} heap (node, tsx, the SDK, a warm client)`,
    );
  console.log('');
  for (const row of table)
    console.log(row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  '));
  console.log('');
  for (const [met, text] of goals) console.log(`  ${met ? 'met    ' : 'NOT MET'}  listStatus: ${text}`);
  if (ENVIRONMENTS < 10_000) {
    console.log(
      '  (the goals are for 10,000 environments: at fewer, fixed costs weigh more in the time ratio)',
    );
  }
  return allMet;
}

const role = process.env.BENCH_ROLE as Role | undefined;
const connectionString = process.env.BENCH_CONNECTION_STRING ?? '';
const benchNow = new Date(process.env.BENCH_NOW ?? Date.now());
if (role === 'seed') {
  await seed(connectionString, benchNow);
  process.exit(0);
} else if (role) {
  const measurement = await measureHere(role, connectionString, benchNow);
  // Run by hand (BENCH_ROLE and BENCH_CONNECTION_STRING set, no parent), it prints its figures.
  if (process.send) process.send(measurement, () => process.exit(0));
  else {
    console.log(JSON.stringify(measurement));
    process.exit(0);
  }
} else {
  // Seeding is bound by Azurite, whose Put Blob scans every blob of the account (LokiJS finds the
  // existing blob through an index on the account name alone), so 20,000 uploads take minutes
  // however they are sent. The seeded Azurite folder is kept and reused until BENCH_RESEED=1.
  const cacheDir = join(
    fileURLToPath(new URL('..', import.meta.url)),
    'node_modules',
    '.cache',
    'terrarium-bench',
    `state-status-${ENVIRONMENTS}-${SEED_FORMAT}`,
  );
  const seededFile = join(cacheDir, 'seeded.json');
  let seeded: { now: string } | undefined;
  if (process.env.BENCH_RESEED !== '1' && existsSync(seededFile)) {
    seeded = JSON.parse(readFileSync(seededFile, 'utf8')) as { now: string };
  }
  if (!seeded) {
    rmSync(cacheDir, { recursive: true, force: true });
    mkdirSync(cacheDir, { recursive: true });
    const seeding = await startAzurite({ location: cacheDir });
    try {
      const seedNow = new Date();
      const started = performance.now();
      await runChild('seed', seeding.connectionString, seedNow);
      console.log(
        `seeded ${ENVIRONMENTS} environments (${ENVIRONMENTS * 2} blobs, ${SEED_CONCURRENCY} uploads in flight) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      seeded = { now: seedNow.toISOString() };
    } finally {
      // Azurite writes its database on SIGTERM; only then is the folder worth reusing.
      await seeding.stop();
    }
    writeFileSync(seededFile, JSON.stringify(seeded));
  } else {
    console.log(`reusing ${ENVIRONMENTS} environments seeded at ${seeded.now} (BENCH_RESEED=1 seeds again)`);
  }
  const now = new Date(seeded.now);
  const azurite = await startAzurite({ location: cacheDir });
  try {
    const measured: Measurement[] = [];
    for (const each of ['idle', 'listStatus', 'naive'] as const) {
      const measurement = await runChild(each, azurite.connectionString, now);
      if (!measurement) throw new Error(`the ${each} child sent no figures`);
      measured.push(measurement);
    }
    const [idle, fast, naive] = measured as [Measurement, Measurement, Measurement];
    if (fast.rows !== ENVIRONMENTS || naive.rows !== ENVIRONMENTS) {
      rmSync(seededFile, { force: true });
      throw new Error(
        `expected ${ENVIRONMENTS} rows, got ${fast.rows} (listStatus) and ${naive.rows} (naive); the seed will be made again next run`,
      );
    }
    process.exitCode = printTable(idle, fast, naive) ? 0 : 1;
  } finally {
    await azurite.stop();
  }
}
