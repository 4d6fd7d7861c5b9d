/**
 * Bounding RPC calls: a node that accepts connections and never answers must not hang a command.
 * Every call to L1 goes through {@link withRpcTimeout}, which fails with `RPC_TIMEOUT`.
 */
import { type FetchGetUrlFunc } from 'ethers';
import { l1Error } from './errors';

/** The default bound of one RPC call, in milliseconds. */
export const DEFAULT_RPC_TIMEOUT_MS = 30_000;

/** Checks an `rpcTimeoutMs` option (undefined means the default) and returns the bound to use. */
export function resolveRpcTimeout(timeoutMs: number | undefined): number {
  if (timeoutMs === undefined) return DEFAULT_RPC_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 2 ** 31 - 1) {
    throw l1Error('INVALID_ARGUMENT', `rpcTimeoutMs must be an integer in [1, 2^31), got ${String(timeoutMs)}`, { details: { field: 'rpcTimeoutMs', value: timeoutMs } });
  }
  return timeoutMs;
}

/** `call`'s result, or an `RPC_TIMEOUT` ZkrError naming `action` if it takes longer than `timeoutMs`. */
export async function withRpcTimeout<T>(call: Promise<T>, timeoutMs: number, action: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        l1Error('RPC_TIMEOUT', `${action}: the L1 node gave no answer within ${timeoutMs} ms; check that it is running and synced, or raise --rpc-timeout`, {
          details: { action, timeoutMs },
        }),
      );
    }, timeoutMs);
  });
  try {
    return await Promise.race([call, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * An ethers HTTP transport (`FetchRequest.getUrlFunc`) built on Node's `fetch` that aborts a request
 * after `timeoutMs` or when ethers cancels it: the socket is closed, so a silent node cannot keep
 * the process alive after the command has failed.
 */
export function abortingGetUrl(timeoutMs: number): FetchGetUrlFunc {
  return async (req, signal) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    signal?.addListener(() => controller.abort());
    try {
      const response = await fetch(req.url, {
        method: req.method,
        headers: Object.fromEntries(Object.entries(req.headers)),
        body: req.body ?? undefined,
        signal: controller.signal,
      });
      const body = new Uint8Array(await response.arrayBuffer());
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => void (headers[name.toLowerCase()] = value));
      return { statusCode: response.status, statusMessage: response.statusText, headers, body };
    } finally {
      clearTimeout(timer);
    }
  };
}
