import { Agent } from 'node:https';
import {
  BlobServiceClient,
  newPipeline,
  type RequestPolicyFactory,
  StorageSharedKeyCredential,
} from '@azure/storage-blob';
import { type Azurite, type AzuriteOptions, startAzurite } from './azurite.js';
import { type ConnectProxy, startConnectProxy } from './connect-proxy.js';
import { createTestCertificates, type TestCertificates } from './tls-cert.js';

/**
 * What terraform needs to reach TLS Azurite as `<account>.blob.core.windows.net`: the CONNECT proxy
 * (Go does not resolve the name itself when proxying), the CA bundle Go reads, no CLI config and no
 * update check.
 */
export function terraformThroughProxy(
  proxyUrl: string,
  certificates: TestCertificates,
): Record<string, string> {
  return {
    HTTPS_PROXY: proxyUrl,
    https_proxy: proxyUrl,
    NO_PROXY: '',
    no_proxy: '',
    SSL_CERT_FILE: certificates.bundleFile,
    TF_CLI_CONFIG_FILE: '/dev/null',
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
  };
}

export interface TerraformBackend {
  azurite: Azurite;
  proxy: ConnectProxy;
  certificates: TestCertificates;
  accountName: string;
  accountKey: string;
  /** `https://127.0.0.1:<port>/<account>` as BlobEndpoint: for clients that trust the test CA. */
  connectionString: string;
  /**
   * For terraform alone: the proxy that maps `<account>.blob.core.windows.net` to Azurite,
   * the CA bundle Go reads, no CLI config, and the access key (never on the command line).
   */
  terraformEnv: Record<string, string>;
  /** For node child processes (bundled actions, the CLI) that talk to TLS Azurite. */
  nodeEnv: Record<string, string>;
  /** The `-backend-config` pairs for one state key; the key itself travels in ARM_ACCESS_KEY. */
  backendConfig(container: string, key: string): Record<string, string>;
  /** A client inside the test process that trusts the test CA, with one try per request. */
  blobService(): BlobServiceClient;
  stop(): Promise<void>;
}

/**
 * Sends every request of a storage pipeline through an https agent that trusts the test CA.
 * Scoped to this one client: the test process's global trust (and other clients) stay as they were.
 */
export function trustPolicy(agent: Agent): RequestPolicyFactory {
  return {
    create: (nextPolicy) => ({
      sendRequest: (request) => {
        request.agent = agent;
        return nextPolicy.sendRequest(request);
      },
    }),
  };
}

export interface TerraformBackendOptions {
  /** Account name and base64 key; defaults to Azurite's test account. The demo uses its catalog's. */
  account?: AzuriteOptions['account'];
  /** More environment for Azurite (a shifted clock's preload). */
  azuriteEnv?: AzuriteOptions['env'];
  /** Azurite's debug log file, which names every operation it served. */
  azuriteDebugLog?: string;
}

/** TLS Azurite + a CONNECT proxy: the real azurerm backend of terraform, offline, on loopback. */
export async function startTerraformBackend(
  options: TerraformBackendOptions = {},
): Promise<TerraformBackend> {
  const certificates = await createTestCertificates();
  let azurite: Azurite | undefined;
  let proxy: ConnectProxy | undefined;
  try {
    azurite = await startAzurite({
      cert: { certFile: certificates.certFile, keyFile: certificates.keyFile },
      ...(options.account ? { account: options.account } : {}),
      ...(options.azuriteEnv ? { env: options.azuriteEnv } : {}),
      ...(options.azuriteDebugLog ? { debugLog: options.azuriteDebugLog } : {}),
    });
    proxy = await startConnectProxy(azurite.port);
  } catch (error) {
    await azurite?.stop();
    await certificates.remove();
    throw error;
  }
  const started = { azurite, proxy };
  const agent = new Agent({ ca: certificates.caCertPem, keepAlive: true });
  const { accountName, accountKey } = azurite;
  return {
    azurite,
    proxy,
    certificates,
    accountName,
    accountKey,
    connectionString: azurite.connectionString,
    terraformEnv: { ...terraformThroughProxy(proxy.url, certificates), ARM_ACCESS_KEY: accountKey },
    nodeEnv: { NODE_EXTRA_CA_CERTS: certificates.caCertFile },
    backendConfig: (container, key) => ({
      storage_account_name: accountName,
      container_name: container,
      key,
    }),
    blobService: () => {
      const pipeline = newPipeline(new StorageSharedKeyCredential(accountName, accountKey), {
        retryOptions: { maxTries: 1 },
      });
      pipeline.factories.unshift(trustPolicy(agent));
      return new BlobServiceClient(started.azurite.blobEndpoint, pipeline);
    },
    stop: async () => {
      agent.destroy();
      await started.proxy.stop();
      await started.azurite.stop();
      await certificates.remove();
    },
  };
}
