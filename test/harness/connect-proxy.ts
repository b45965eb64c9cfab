import { createServer, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface ConnectProxy {
  port: number;
  /** `http://127.0.0.1:<port>`, for HTTPS_PROXY. */
  url: string;
  /** Every CONNECT target seen (`host:port`), so tests can prove the traffic went through. */
  readonly targets: string[];
  stop(): Promise<void>;
}

/**
 * An HTTP CONNECT proxy on loopback that tunnels every CONNECT, whatever host it names, to
 * one local port. terraform's azurerm backend always dials `<account>.blob.core.windows.net`;
 * given this proxy alone through HTTPS_PROXY, Go leaves name resolution to the proxy, so
 * the call lands on Azurite without touching /etc/hosts or DNS.
 */
export async function startConnectProxy(targetPort: number): Promise<ConnectProxy> {
  const targets: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((_request, response) => {
    response.writeHead(405, { 'content-type': 'text/plain' });
    response.end('only CONNECT is supported\n');
  });
  server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
    targets.push(request.url ?? '');
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    const upstream = connect(targetPort, '127.0.0.1');
    let connected = false;
    sockets.add(upstream);
    upstream.once('close', () => sockets.delete(upstream));
    upstream.once('connect', () => {
      connected = true;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.once('error', () => {
      if (connected) client.destroy();
      else client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    });
    client.once('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP address');
  return {
    port: address.port,
    url: `http://127.0.0.1:${address.port}`,
    targets,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
