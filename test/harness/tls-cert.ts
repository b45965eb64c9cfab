import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where Debian keeps the system's trusted roots; terraform must still trust them next to our CA. */
export const SYSTEM_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

export interface TestCertificates {
  dir: string;
  caCertFile: string;
  caCertPem: string;
  certFile: string;
  certPem: string;
  keyFile: string;
  /** System roots plus the test CA: what SSL_CERT_FILE points at for terraform (Go). */
  bundleFile: string;
  /** Removes the temporary folder with every key in it. */
  remove(): Promise<void>;
}

/**
 * A throwaway CA and a server certificate for TLS Azurite. Go refuses certificates without
 * a matching subjectAltName, and terraform's azurerm backend always calls
 * `<account>.blob.core.windows.net`, so the SAN covers that wildcard as well as loopback.
 * P-256 keys: as good as RSA for this and about 20 times quicker to generate.
 */
export async function createTestCertificates(): Promise<TestCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'terrarium-tls-'));
  const caKeyFile = join(dir, 'ca.key');
  const caCertFile = join(dir, 'ca.crt');
  const keyFile = join(dir, 'server.key');
  const csrFile = join(dir, 'server.csr');
  const certFile = join(dir, 'server.crt');
  const extFile = join(dir, 'server.ext');
  const bundleFile = join(dir, 'bundle.crt');
  try {
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-sha256',
      '-days',
      '2',
      '-subj',
      '/CN=Terrarium Test CA',
      '-keyout',
      caKeyFile,
      '-out',
      caCertFile,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    await run('openssl', [
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-subj',
      '/CN=blob.core.windows.net',
      '-keyout',
      keyFile,
      '-out',
      csrFile,
    ]);
    await writeFile(
      extFile,
      [
        'basicConstraints=CA:FALSE',
        'keyUsage=critical,digitalSignature,keyEncipherment',
        'extendedKeyUsage=serverAuth',
        'subjectAltName=DNS:*.blob.core.windows.net,DNS:localhost,IP:127.0.0.1',
        '',
      ].join('\n'),
    );
    await run('openssl', [
      'x509',
      '-req',
      '-sha256',
      '-days',
      '2',
      '-in',
      csrFile,
      '-CA',
      caCertFile,
      '-CAkey',
      caKeyFile,
      '-CAcreateserial',
      '-extfile',
      extFile,
      '-out',
      certFile,
    ]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`openssl could not make the test certificates: ${(error as Error).message}`);
  }
  const [caCertPem, certPem, systemBundle] = await Promise.all([
    readFile(caCertFile, 'utf8'),
    readFile(certFile, 'utf8'),
    readFile(SYSTEM_CA_BUNDLE, 'utf8'),
  ]);
  await writeFile(bundleFile, `${systemBundle.trimEnd()}\n${caCertPem}`);
  return {
    dir,
    caCertFile,
    caCertPem,
    certFile,
    certPem,
    keyFile,
    bundleFile,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
