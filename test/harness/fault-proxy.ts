import type { IncomingMessage, ServerResponse } from 'node:http';
import { Agent, createServer, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';

/**
 * An HTTPS reverse proxy in front of TLS Azurite that injects faults. It terminates TLS with the
 * test certificate (whose SAN covers `*.blob.core.windows.net` and 127.0.0.1), so terraform (via
 * the CONNECT proxy) and node clients both reach it, and it sees each request's method and path.
 * Requests pass through unchanged (headers too, so shared-key signatures stay valid).
 *
 * Faults: `outage()` makes the account unreachable (every live connection is cut and every new
 * request is reset, as when Azurite is down or the network drops), `restore()` ends it; `failNext`
 * answers matching requests with an error status, as Azure does when a service is unavailable.
 */

export interface FaultRule {
  method?: string;
  /** A substring (or pattern) of the decoded request path. */
  path: string | RegExp;
  /** A substring of the raw query string, e.g. `comp=lease`. */
  query?: string;
}

export interface FaultProxy {
  port: number;
  /** Every request seen, as `METHOD /path?query` (also those that were failed or reset). */
  readonly requests: string[];
  /** Requests answered with an injected error or reset, and connections refused during an outage. */
  readonly faultsInjected: number;
  /** Starts an outage: cuts every open connection and resets new ones until restore(). */
  outage(): void;
  restore(): void;
  readonly down: boolean;
  /**
   * The next `times` matching requests get `status` (503 by default) with an Azure error body; with
   * `reset` the connection is cut instead; with `dropResponse` the request is served, then the
   * connection is cut before the answer arrives (the change happened, the client never learns it).
   */
  failNext(
    rule: FaultRule,
    options?: { status?: number; times?: number; reset?: boolean; dropResponse?: boolean },
  ): void;
  /** Calls `listener` with each request before it is served (or failed). */
  onRequest(listener: (method: string, path: string) => void): void;
  /** Drops every failNext rule not used up yet. */
  clearRules(): void;
  stop(): Promise<void>;
}

interface PendingFault {
  rule: FaultRule;
  status: number;
  reset: boolean;
  dropResponse: boolean;
  remaining: number;
}

function matches(rule: FaultRule, method: string, path: string, query: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method) return false;
  if (rule.query !== undefined && !query.includes(rule.query)) return false;
  return typeof rule.path === 'string' ? path.includes(rule.path) : rule.path.test(path);
}

function azureError(response: ServerResponse, status: number): void {
  const code = status === 503 ? 'ServerBusy' : status === 500 ? 'InternalError' : 'OperationTimedOut';
  const body = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>Injected by the fault proxy.</Message></Error>`;
  response.writeHead(status, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(body),
    'x-ms-error-code': code,
  });
  response.end(body);
}

export async function startFaultProxy(options: {
  targetPort: number;
  certPem: string;
  keyPem: string;
  caPem: string;
}): Promise<FaultProxy> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const faults: PendingFault[] = [];
  const listeners: ((method: string, path: string) => void)[] = [];
  let down = false;
  let injected = 0;
  const upstreamAgent = new Agent({ ca: options.caPem, keepAlive: true, maxSockets: 64 });

  const forward = (request: IncomingMessage, response: ServerResponse, dropResponse = false) => {
    const upstream = httpsRequest(
      {
        host: '127.0.0.1',
        port: options.targetPort,
        method: request.method,
        path: request.url,
        headers: request.headers,
        agent: upstreamAgent,
        servername: 'localhost',
      },
      (answer) => {
        if (dropResponse) {
          answer.resume();
          request.socket.destroy();
          return;
        }
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => request.socket.destroy());
    request.pipe(upstream);
  };

  const server = createServer({ cert: options.certPem, key: options.keyPem }, (request, response) => {
    const method = (request.method ?? 'GET').toUpperCase();
    const url = request.url ?? '/';
    const path = decodeURIComponent(url.split('?')[0] ?? '/');
    requests.push(`${method} ${url}`);
    for (const listener of listeners) listener(method, path);
    if (down) {
      injected++;
      request.socket.destroy();
      return;
    }
    const fault = faults.find(
      (candidate) =>
        candidate.remaining > 0 && matches(candidate.rule, method, path, url.split('?')[1] ?? ''),
    );
    if (fault) {
      fault.remaining--;
      injected++;
      if (fault.dropResponse) forward(request, response, true);
      else if (fault.reset) request.socket.destroy();
      else {
        request.resume();
        request.once('end', () => azureError(response, fault.status));
      }
      return;
    }
    forward(request, response);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    if (down) {
      injected++;
      socket.destroy();
    }
  });
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the fault proxy has no TCP address');

  return {
    port: address.port,
    requests,
    get faultsInjected() {
      return injected;
    },
    get down() {
      return down;
    },
    outage() {
      down = true;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      down = false;
    },
    failNext(rule, failure = {}) {
      faults.push({
        rule,
        status: failure.status ?? 503,
        reset: failure.reset ?? false,
        dropResponse: failure.dropResponse ?? false,
        remaining: failure.times ?? 1,
      });
    },
    onRequest(listener) {
      listeners.push(listener);
    },
    clearRules() {
      faults.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        upstreamAgent.destroy();
        // node 20's closeIdleConnections trips over a socket destroyed before its first request.
        server.closeIdleConnections = () => {};
        server.close(() => resolve());
      }),
  };
}
