import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small stand-in for an LLM endpoint, for the demo's and the tests' load tests: latency drawn
 * from a log-normal distribution (LLM latencies have a long tail), a share of 5xx errors, and a
 * token count. Deterministic for a given seed so figures can be compared between runs.
 */
export interface LlmServiceOptions {
  /** Median latency in ms. */
  medianMs?: number;
  /** Log-normal sigma: 0.3 is a tight service, 0.8 a long tail. */
  sigma?: number;
  /** Fraction of requests answered 503. */
  errorRate?: number;
  seed?: number;
}

export interface LlmService {
  url: string;
  requests: number;
  stop(): Promise<void>;
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    // xorshift32: tiny, fast, good enough for simulated latencies.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
}

export async function startLlmService(options: LlmServiceOptions = {}): Promise<LlmService> {
  const medianMs = options.medianMs ?? 40;
  const sigma = options.sigma ?? 0.4;
  const errorRate = options.errorRate ?? 0;
  const random = seededRandom(options.seed ?? 42);
  const gaussian = () => {
    const u = Math.max(random(), Number.EPSILON);
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const state = { requests: 0 };

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    state.requests += 1;
    request.resume();
    if (request.url === '/healthz') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    const latency = medianMs * Math.exp(sigma * gaussian());
    const failed = random() < errorRate;
    setTimeout(() => {
      if (failed) {
        response.writeHead(503, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: 'model overloaded', type: 'server_error' } }));
        return;
      }
      const tokens = 20 + Math.floor(random() * 80);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          id: `chatcmpl-${state.requests}`,
          object: 'chat.completion',
          choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 12, completion_tokens: tokens, total_tokens: 12 + tokens },
        }),
      );
    }, latency);
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
