import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTerraformBackend, type TerraformBackend } from '../harness/terraform-backend.js';

const run = promisify(execFile);

describe('terraform backend test bed (TLS Azurite + CONNECT proxy)', () => {
  let backend: TerraformBackend;
  beforeAll(async () => {
    backend = await startTerraformBackend();
  });
  afterAll(async () => {
    await backend?.stop();
  });

  it('gives the test process a blob client that trusts the test CA over TLS', async () => {
    const service = backend.blobService();
    expect(service.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/terrariumtest\/?$/);
    const container = service.getContainerClient(`bed-${Date.now()}`);
    await container.create();
    await container.getBlockBlobClient('a.txt').upload('hi', 2);
    expect((await container.getBlockBlobClient('a.txt').downloadToBuffer()).toString()).toBe('hi');
    await container.delete();
  });

  it('is really TLS with a private CA: a client without the test CA is refused', async () => {
    const plain = BlobServiceClient.fromConnectionString(backend.connectionString, {
      retryOptions: { maxTries: 1 },
    });
    await expect(plain.getContainerClient('nope').exists()).rejects.toThrow(/certificate/i);
  });

  it('serves *.blob.core.windows.net through the proxy to a client given the bundle (curl)', async () => {
    const { stdout } = await run('curl', [
      '--silent',
      '--show-error',
      '--proxy',
      backend.proxy.url,
      '--cacert',
      backend.certificates.bundleFile,
      '--output',
      '/dev/null',
      '--write-out',
      '%{http_code}',
      `https://${backend.accountName}.blob.core.windows.net/?comp=list`,
    ]);
    // Azurite answers an unsigned request with 403: TLS and the tunnel both worked.
    expect(stdout).toBe('403');
    expect(backend.proxy.targets).toContain(`${backend.accountName}.blob.core.windows.net:443`);
  });

  it('lets node child processes (bundled actions) trust Azurite through nodeEnv alone', async () => {
    const script = `fetch(process.argv[1] + '?comp=list').then((r) => console.log(r.status), (e) => { console.error(e.cause?.code ?? e); process.exit(1); })`;
    const env = { PATH: process.env.PATH ?? '' };
    const withCa = await run(process.execPath, ['-e', script, backend.azurite.blobEndpoint], {
      env: { ...env, ...backend.nodeEnv },
    });
    expect(withCa.stdout.trim()).toBe('403');
    await expect(
      run(process.execPath, ['-e', script, backend.azurite.blobEndpoint], { env }),
    ).rejects.toThrow(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
  });
});

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('terraform backend test bed stop()', () => {
  it('ends Azurite and the proxy and removes the certificates', async () => {
    const backend = await startTerraformBackend();
    const ports = [backend.azurite.port, backend.proxy.port];
    expect(await Promise.all(ports.map(portOpen))).toEqual([true, true]);
    await backend.stop();
    expect(await Promise.all(ports.map(portOpen))).toEqual([false, false]);
    expect(existsSync(backend.certificates.keyFile)).toBe(false);
  });
});
