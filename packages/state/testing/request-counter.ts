import type {
  HttpOperationResponse,
  RequestPolicy,
  RequestPolicyFactory,
  RequestPolicyOptions,
  WebResource,
} from '@azure/storage-blob';

/** Counts the storage operations a client sends, by HTTP method; for benchmarks and request-budget tests. */
export interface RequestCounter {
  /** Add to `policies` when building a client (see resolveStorageAuth). */
  readonly policy: RequestPolicyFactory;
  readonly total: number;
  readonly byMethod: Readonly<Record<string, number>>;
  reset(): void;
}

export function createRequestCounter(): RequestCounter {
  let byMethod: Record<string, number> = {};
  let total = 0;
  const policy: RequestPolicyFactory = {
    create(nextPolicy: RequestPolicy, _options: RequestPolicyOptions): RequestPolicy {
      return {
        sendRequest(request: WebResource): Promise<HttpOperationResponse> {
          total += 1;
          byMethod[request.method] = (byMethod[request.method] ?? 0) + 1;
          return nextPolicy.sendRequest(request);
        },
      };
    },
  };
  return {
    policy,
    get total() {
      return total;
    },
    get byMethod() {
      return byMethod;
    },
    reset() {
      total = 0;
      byMethod = {};
    },
  };
}
