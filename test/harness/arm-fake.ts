import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { createTestCertificates } from './tls-cert.js';

/**
 * An HTTP-level fake of Azure Resource Manager on loopback. It records every request and answers
 * as the REST reference documents: JSON bodies, `{ error: { code, message } }` on failure,
 * api-version required and checked per route, 404 for resources it does not hold.
 * Routes are data: addRoute() puts a new one first, so a test can also override a built-in one
 * (to answer 403, say). Storage account routes are built in; others add theirs the same way.
 */

export interface ArmRequestRecord {
  method: string;
  /** Path as sent, without the query. */
  path: string;
  apiVersion: string | undefined;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, or undefined for no body. */
  body: unknown;
}

export interface ArmResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ArmRouteContext {
  request: ArmRequestRecord;
  /** Values of the `{name}` placeholders of the route's path, decoded. */
  params: Record<string, string>;
  fake: ArmFake;
}

export interface ArmRoute {
  method: 'GET' | 'PUT' | 'PATCH' | 'POST' | 'DELETE' | 'HEAD';
  /** ARM path template, e.g. `/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}`; matched case-insensitively as ARM does. */
  path: string;
  /** api-version values this route accepts; anything else is refused as ARM refuses it. */
  apiVersions: readonly string[];
  handle(context: ArmRouteContext): ArmResponse | Promise<ArmResponse>;
}

export interface FakeStorageAccount {
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  properties: Record<string, unknown>;
  blobServiceProperties: Record<string, unknown> | undefined;
  managementPolicy: Record<string, unknown> | undefined;
}

export interface ArmFake {
  /** `https://127.0.0.1:<port>` (or http when started without TLS) */
  url: string;
  /** The CA to trust for `url`, when it is https. */
  caCertPem: string | undefined;
  subscriptionId: string;
  requests: ArmRequestRecord[];
  storageAccounts: Map<string, FakeStorageAccount>;
  addRoute(route: ArmRoute): void;
  addStorageAccount(resourceGroup: string, name: string, location?: string): FakeStorageAccount;
  close(): Promise<void>;
}

/** Microsoft.Storage api versions the fake serves (the SDK pinned here sends 2025-06-01). */
export const STORAGE_API_VERSIONS = [
  '2022-09-01',
  '2023-01-01',
  '2023-05-01',
  '2024-01-01',
  '2025-01-01',
  '2025-06-01',
];

/** A TokenCredential that hands out a fixed bearer token: the fake only checks one is sent. */
export const fakeCredential: TokenCredential = {
  getToken: async (): Promise<AccessToken> => ({
    token: 'fake-arm-token',
    expiresOnTimestamp: Date.now() + 3_600_000,
  }),
};

/**
 * Client options that point an Azure SDK management client at the fake, trusting its CA, with no
 * retries. The SDK's bearer-token policy refuses plain http whatever allowInsecureConnection says
 * (core-rest-pipeline 1.25), which is why the fake serves TLS for SDK tests.
 */
export function armClientOptions(fake: ArmFake) {
  return {
    endpoint: fake.url,
    $host: fake.url,
    credentialScopes: [`${fake.url}/.default`],
    ...(fake.caCertPem ? { tlsOptions: { ca: fake.caCertPem } } : { allowInsecureConnection: true }),
    retryOptions: { maxRetries: 0 },
  };
}

export function armError(status: number, code: string, message: string): ArmResponse {
  return { status, body: { error: { code, message } } };
}

const accountKey = (resourceGroup: string, name: string) =>
  `${resourceGroup.toLowerCase()}/${name.toLowerCase()}`;

function compile(path: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path
    .split(/(\{[A-Za-z]+\})/)
    .map((part) => {
      const m = /^\{([A-Za-z]+)\}$/.exec(part);
      if (m) {
        names.push(m[1] as string);
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { regex: new RegExp(`^${source}/?$`, 'i'), names };
}

const ACCOUNT_PATH =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Storage/storageAccounts/{accountName}';

function findAccount({ params, fake }: ArmRouteContext): FakeStorageAccount | ArmResponse {
  const account = fake.storageAccounts.get(
    accountKey(params.resourceGroupName ?? '', params.accountName ?? ''),
  );
  if (!account)
    return armError(
      404,
      'ResourceNotFound',
      `The Resource 'Microsoft.Storage/storageAccounts/${params.accountName}' under resource group '${params.resourceGroupName}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    );
  return account;
}

function accountBody(account: FakeStorageAccount) {
  return {
    id: account.id,
    name: account.name,
    type: 'Microsoft.Storage/storageAccounts',
    location: account.location,
    kind: 'StorageV2',
    sku: { name: 'Standard_LRS', tier: 'Standard' },
    properties: account.properties,
  };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function withAccount(handle: (account: FakeStorageAccount, context: ArmRouteContext) => ArmResponse) {
  return (context: ArmRouteContext): ArmResponse => {
    const found = findAccount(context);
    return 'status' in found ? found : handle(found, context);
  };
}

function singleton(context: ArmRouteContext, param: string): ArmResponse | undefined {
  if (context.params[param] !== 'default')
    return armError(400, 'InvalidResourceName', `The only ${param} an account has is 'default'.`);
  return undefined;
}

/** Storage account, blob service and management policy routes, as the Microsoft.Storage REST reference has them. */
export function storageRoutes(): ArmRoute[] {
  const apiVersions = STORAGE_API_VERSIONS;
  const blobServicesPath = `${ACCOUNT_PATH}/blobServices/{BlobServicesName}`;
  const policyPath = `${ACCOUNT_PATH}/managementPolicies/{managementPolicyName}`;
  const blobServicesBody = (account: FakeStorageAccount) => ({
    id: `${account.id}/blobServices/default`,
    name: 'default',
    type: 'Microsoft.Storage/storageAccounts/blobServices',
    properties: account.blobServiceProperties ?? {},
  });
  const policyBody = (account: FakeStorageAccount) => ({
    id: `${account.id}/managementPolicies/default`,
    name: 'DefaultManagementPolicy',
    type: 'Microsoft.Storage/storageAccounts/managementPolicies',
    properties: account.managementPolicy,
  });
  return [
    {
      method: 'GET',
      path: ACCOUNT_PATH,
      apiVersions,
      handle: withAccount((a) => ({ status: 200, body: accountBody(a) })),
    },
    {
      method: 'PATCH',
      path: ACCOUNT_PATH,
      apiVersions,
      handle: withAccount((account, { request }) => {
        const body = request.body;
        if (!isObject(body))
          return armError(400, 'InvalidRequestContent', 'The request content was invalid.');
        if (isObject(body.properties)) Object.assign(account.properties, body.properties);
        return { status: 200, body: accountBody(account) };
      }),
    },
    {
      method: 'GET',
      path: blobServicesPath,
      apiVersions,
      handle: withAccount(
        (account, context) =>
          singleton(context, 'BlobServicesName') ?? { status: 200, body: blobServicesBody(account) },
      ),
    },
    {
      method: 'PUT',
      path: blobServicesPath,
      apiVersions,
      handle: withAccount((account, context) => {
        const refused = singleton(context, 'BlobServicesName');
        if (refused) return refused;
        const body = context.request.body;
        if (!isObject(body) || !isObject(body.properties))
          return armError(400, 'InvalidRequestContent', 'The request content must have properties.');
        account.blobServiceProperties = { ...(account.blobServiceProperties ?? {}), ...body.properties };
        return { status: 200, body: blobServicesBody(account) };
      }),
    },
    {
      method: 'GET',
      path: policyPath,
      apiVersions,
      handle: withAccount((account, context) => {
        const refused = singleton(context, 'managementPolicyName');
        if (refused) return refused;
        if (!account.managementPolicy)
          return armError(404, 'ManagementPolicyNotFound', 'No ManagementPolicy found for account.');
        return { status: 200, body: policyBody(account) };
      }),
    },
    {
      method: 'PUT',
      path: policyPath,
      apiVersions,
      handle: withAccount((account, context) => {
        const refused = singleton(context, 'managementPolicyName');
        if (refused) return refused;
        const body = context.request.body;
        if (!isObject(body) || !isObject(body.properties) || !isObject(body.properties.policy))
          return armError(400, 'InvalidRequestContent', 'properties.policy is required.');
        account.managementPolicy = {
          lastModifiedTime: new Date().toISOString(),
          policy: body.properties.policy,
        };
        return { status: 200, body: policyBody(account) };
      }),
    },
    {
      method: 'DELETE',
      path: policyPath,
      apiVersions,
      handle: withAccount((account) => {
        const existed = account.managementPolicy !== undefined;
        account.managementPolicy = undefined;
        return { status: existed ? 200 : 204 };
      }),
    },
  ];
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, answer: ArmResponse): void {
  const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'x-ms-request-id': randomUUID(),
    'content-length': String(Buffer.byteLength(text)),
    ...answer.headers,
  });
  response.end(text);
}

export interface ArmFakeOptions {
  subscriptionId?: string;
  /** Serve https with this certificate (its SAN must cover 127.0.0.1); createTestCertificates() makes one. */
  tls?: { certPem: string; keyPem: string; caCertPem: string };
}

export async function startArmFake(options: ArmFakeOptions = {}): Promise<ArmFake> {
  const subscriptionId = options.subscriptionId ?? '00000000-0000-0000-0000-0000000000aa';
  const routes: { route: ArmRoute; regex: RegExp; names: string[] }[] = [];
  const requests: ArmRequestRecord[] = [];
  const storageAccounts = new Map<string, FakeStorageAccount>();

  const listener = (request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://fake');
      const text = await readBody(request);
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        send(response, armError(400, 'InvalidRequestContent', 'The request content was not valid JSON.'));
        return;
      }
      const record: ArmRequestRecord = {
        method: request.method ?? 'GET',
        path: url.pathname,
        apiVersion: url.searchParams.get('api-version') ?? undefined,
        query: Object.fromEntries(url.searchParams),
        headers: request.headers,
        body,
      };
      requests.push(record);
      send(response, await answer(record));
    })().catch((error: unknown) => {
      send(response, armError(500, 'InternalServerError', String(error)));
    });
  };
  const server = options.tls
    ? createTlsServer({ cert: options.tls.certPem, key: options.tls.keyPem }, listener)
    : createServer(listener);

  async function answer(record: ArmRequestRecord): Promise<ArmResponse> {
    if (!/^Bearer \S+/.test(String(record.headers.authorization ?? '')))
      return armError(
        401,
        'AuthenticationFailed',
        "Authentication failed. The 'Authorization' header is missing.",
      );
    for (const { route, regex, names } of routes) {
      if (route.method !== record.method) continue;
      const m = regex.exec(record.path);
      if (!m) continue;
      const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(m[i + 1] ?? '')]));
      if (params.subscriptionId !== undefined && params.subscriptionId !== subscriptionId)
        return armError(
          404,
          'SubscriptionNotFound',
          `The subscription '${params.subscriptionId}' could not be found.`,
        );
      if (record.apiVersion === undefined)
        return armError(
          400,
          'MissingApiVersionParameter',
          'The api-version query parameter (?api-version=) is required for all requests.',
        );
      if (!route.apiVersions.includes(record.apiVersion))
        return armError(
          400,
          'NoRegisteredProviderFound',
          `No registered resource provider found for API version '${record.apiVersion}'. The supported api-versions are '${route.apiVersions.join(', ')}'.`,
        );
      return route.handle({ request: record, params, fake });
    }
    return armError(
      404,
      'InvalidResourceType',
      `The ARM fake has no route for ${record.method} ${record.path}; add one with addRoute().`,
    );
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('ARM fake did not get a port');

  const fake: ArmFake = {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${address.port}`,
    caCertPem: options.tls?.caCertPem,
    subscriptionId,
    requests,
    storageAccounts,
    addRoute(route) {
      routes.unshift({ route, ...compile(route.path) });
    },
    addStorageAccount(resourceGroup, name, location = 'westeurope') {
      const account: FakeStorageAccount = {
        id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Storage/storageAccounts/${name}`,
        name,
        resourceGroup,
        location,
        properties: {
          provisioningState: 'Succeeded',
          minimumTlsVersion: 'TLS1_0',
          allowBlobPublicAccess: true,
          supportsHttpsTrafficOnly: false,
        },
        blobServiceProperties: undefined,
        managementPolicy: undefined,
      };
      storageAccounts.set(accountKey(resourceGroup, name), account);
      return account;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  for (const route of storageRoutes().reverse()) fake.addRoute(route);
  return fake;
}

/**
 * The fake on TLS, as Azure SDK clients need it, with its own throwaway test CA; close() stops the
 * fake and removes the CA's files.
 */
export async function startTlsArmFake(options: Omit<ArmFakeOptions, 'tls'> = {}): Promise<ArmFake> {
  const certificates = await createTestCertificates();
  const fake = await startArmFake({
    ...options,
    tls: {
      certPem: certificates.certPem,
      keyPem: await readFile(certificates.keyFile, 'utf8'),
      caCertPem: certificates.caCertPem,
    },
  });
  const closeServer = fake.close;
  fake.close = async () => {
    await closeServer();
    await certificates.remove();
  };
  return fake;
}
