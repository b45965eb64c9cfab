import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/**
 * A custom account rather than devstoreaccount1: with the well-known name the Go SDK that
 * terraform uses leaves the account out of the signed path and Azurite answers 403.
 */
export const TEST_ACCOUNT = 'terrariumtest';
export const TEST_ACCOUNT_KEY = Buffer.from('terrarium-azurite-test-key-0123456789abcdef').toString('base64');

export interface AzuriteOptions {
  /** Serve TLS with this certificate and key (needed by terraform's azurerm backend). */
  cert?: { certFile: string; keyFile: string };
  /** Keep blobs on disk in this folder instead of memory (survives a restart). */
  location?: string;
  port?: number;
  /** Account name and base64 key; defaults to the test account. The demo uses its catalog's account. */
  account?: { name: string; key: string };
  /** More environment for the Azurite process (a shifted clock's preload). */
  env?: Record<string, string>;
  /** Azurite's debug log: every request, with the storage operation it was (`Operation=...`). */
  debugLog?: string;
}

export interface Azurite {
  port: number;
  accountName: string;
  accountKey: string;
  /** `http(s)://127.0.0.1:<port>/<account>` */
  blobEndpoint: string;
  connectionString: string;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);

function azuriteBin(): string {
  // The package's own blob entry point, so no PATH lookup and no shell is involved.
  return join(require.resolve('azurite/package.json'), '..', 'dist', 'src', 'blob', 'main.js');
}

function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) {
        reject(new Error(`azurite exited with code ${child.exitCode} before listening`));
        return;
      }
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline)
          reject(new Error(`azurite did not listen on ${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/** Starts a real Azurite blob service on loopback. Every process it starts, stop() ends. */
export async function startAzurite(options: AzuriteOptions = {}): Promise<Azurite> {
  const port = options.port ?? (await freePort());
  const args = [
    azuriteBin(),
    '--blobHost',
    '127.0.0.1',
    '--blobPort',
    String(port),
    '--disableTelemetry',
    '--skipApiVersionCheck',
    '--silent',
  ];
  // In memory unless asked to persist: nothing left on disk, nothing to clean up.
  if (options.location) args.push('--location', options.location);
  else args.push('--inMemoryPersistence');
  if (options.cert) args.push('--cert', options.cert.certFile, '--key', options.cert.keyFile);
  if (options.debugLog) args.push('--debug', options.debugLog);
  const accountName = options.account?.name ?? TEST_ACCOUNT;
  const accountKey = options.account?.key ?? TEST_ACCOUNT_KEY;
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...options.env, AZURITE_ACCOUNTS: `${accountName}:${accountKey}` },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  try {
    await waitForPort(port, child, 15_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  const scheme = options.cert ? 'https' : 'http';
  const blobEndpoint = `${scheme}://127.0.0.1:${port}/${accountName}`;
  return {
    port,
    accountName,
    accountKey,
    blobEndpoint,
    connectionString: `DefaultEndpointsProtocol=${scheme};AccountName=${accountName};AccountKey=${accountKey};BlobEndpoint=${blobEndpoint};`,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => resolve();
        if (child.exitCode !== null) {
          done();
          return;
        }
        child.once('exit', done);
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}
