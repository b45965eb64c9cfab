import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createTestCertificates, type TestCertificates } from './tls-cert.js';

export interface LogAnalyticsRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: { query?: string; timespan?: string } | undefined;
}

export interface LogAnalyticsColumn {
  name: string;
  type: 'string' | 'datetime' | 'real' | 'long' | 'int' | 'bool' | 'dynamic';
}

/** The columns the generated KQL projects, in its order: what the fake answers for request rows. */
export const REQUEST_COLUMNS: LogAnalyticsColumn[] = [
  { name: 'timestamp', type: 'datetime' },
  { name: 'durationMs', type: 'real' },
  { name: 'success', type: 'bool' },
  { name: 'name', type: 'string' },
  { name: 'url', type: 'string' },
  { name: 'role', type: 'string' },
  { name: 'ttftMs', type: 'real' },
  { name: 'tokens', type: 'real' },
];

export interface LogAnalyticsFake {
  /** `https://127.0.0.1:<port>/v1`: LogsQueryClient's endpoint. */
  endpoint: string;
  /** The CA that signed the fake's certificate, for the client's tlsOptions. */
  caCertPem: string;
  requests: LogAnalyticsRequest[];
  /** What the next queries answer: one table named PrimaryResult. */
  table: { columns: LogAnalyticsColumn[]; rows: unknown[][] };
  /** Answer the next query with an error in the API's error shape. */
  failNext(status: number, code: string, message: string): void;
  stop(): Promise<void>;
}

/**
 * The Log Analytics query API on loopback, over TLS (the SDK refuses bearer tokens over plain
 * HTTP): POST /v1/workspaces/{workspaceId}/query with `{ query, timespan }` answers
 * `{ tables: [{ name, columns: [{ name, type }], rows }] }`, errors as `{ error: { code, message } }`.
 */
export async function startLogAnalyticsFake(): Promise<LogAnalyticsFake> {
  const certificates: TestCertificates = await createTestCertificates();
  let failure: { status: number; code: string; message: string } | undefined;
  const fake: Omit<LogAnalyticsFake, 'endpoint' | 'stop' | 'failNext'> = {
    caCertPem: certificates.caCertPem,
    requests: [],
    table: { columns: [], rows: [] },
  };
  const send = (response: ServerResponse, status: number, body: unknown) => {
    response
      .writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
      .end(JSON.stringify(body));
  };
  const server = createServer(
    { cert: certificates.certPem, key: await readFile(certificates.keyFile) },
    (request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const path = (request.url ?? '').split('?')[0] ?? '';
        const body = text ? (JSON.parse(text) as LogAnalyticsRequest['body']) : undefined;
        fake.requests.push({
          method: request.method ?? '',
          path,
          authorization: request.headers.authorization,
          body,
        });
        if (!request.headers.authorization?.startsWith('Bearer ')) {
          send(response, 401, {
            error: { code: 'AuthorizationRequiredError', message: 'Valid authentication was not provided' },
          });
          return;
        }
        if (request.method !== 'POST' || !/^\/v1\/workspaces\/[^/]+\/query$/.test(path)) {
          send(response, 404, {
            error: { code: 'PathNotFoundError', message: `The requested path does not exist: ${path}` },
          });
          return;
        }
        if (failure) {
          const { status, code, message } = failure;
          failure = undefined;
          send(response, status, { error: { code, message } });
          return;
        }
        send(response, 200, {
          tables: [{ name: 'PrimaryResult', columns: fake.table.columns, rows: fake.table.rows }],
        });
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    endpoint: `https://127.0.0.1:${port}/v1`,
    failNext(status: number, code: string, message: string) {
      failure = { status, code, message };
    },
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await certificates.remove();
    },
  });
}
