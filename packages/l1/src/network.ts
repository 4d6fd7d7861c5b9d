/**
 * Connecting to L1: a JSON-RPC endpoint, or (the default) the embedded chain, Hardhat 2's
 * in-process network (`embedded-chain.ts`), which lives as long as the process.
 */
import { BrowserProvider, FetchRequest, JsonRpcProvider, type Provider, type Signer } from 'ethers';
import { isZkrError } from '@zkr/errors';
import { embeddedChainProvider } from './embedded-chain';
import { l1Error } from './errors';
import { toZkrError } from './revert';
import { type KeyOptions, resolveSigner } from './signer';
import { abortingGetUrl, resolveRpcTimeout, withRpcTimeout } from './timeout';

/** How to reach L1 and sign: `rpcUrl` (else in-process Hardhat) plus the key options. */
export interface ConnectOptions extends KeyOptions {
  /** JSON-RPC URL; omitted means the embedded chain (needs the optional peer dependency `hardhat@2`). */
  readonly rpcUrl?: string;
  /** Bound of each RPC call in milliseconds (default 30 s); a call that takes longer is `RPC_TIMEOUT`. */
  readonly rpcTimeoutMs?: number;
}

/** A provider and signer on one chain. */
export interface L1Connection {
  readonly provider: Provider;
  readonly signer: Signer;
  readonly chainId: bigint;
  /** True for the in-process Hardhat network (it disappears when the process exits). */
  readonly inProcess: boolean;
  /** The RPC URL, undefined in-process. */
  readonly rpcUrl?: string;
  /** Bound of each RPC call in milliseconds (default 30 s when absent). */
  readonly rpcTimeoutMs?: number;
}

/** How long after a call's `RPC_TIMEOUT` its HTTP request is aborted. */
const TRANSPORT_GRACE_MS = 1000;

function checkRpcUrl(rpcUrl: string): void {
  let url: URL;
  try {
    url = new URL(rpcUrl);
  } catch {
    throw l1Error('INVALID_RPC_URL', `--rpc must be an http(s) or ws(s) URL, got "${rpcUrl}"`, { details: { rpcUrl } });
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) {
    throw l1Error('INVALID_RPC_URL', `--rpc must be an http(s) or ws(s) URL, got "${rpcUrl}"`, { details: { rpcUrl } });
  }
}

/**
 * Connects to `rpcUrl` (or starts/reuses the embedded chain) and resolves the signer.
 * Receipts are polled every 500 ms (ethers's default is 4 s). ethers's request cache is off: it would answer a repeated `eth_estimateGas` (e.g. a replayed
 * batch) from before the state changed, hiding the revert until the transaction is sent.
 */
export async function connect(options: ConnectOptions = {}): Promise<L1Connection> {
  const rpcTimeoutMs = resolveRpcTimeout(options.rpcTimeoutMs);
  if (options.rpcUrl === undefined) {
    // Hardhat automines, so receipts exist at once: poll quickly instead of ethers's 4 s default.
    const provider = new BrowserProvider(embeddedChainProvider(), undefined, { pollingInterval: 20, cacheTimeout: -1 });
    let chainId: bigint;
    try {
      chainId = (await provider.getNetwork()).chainId;
    } catch (cause) {
      throw toZkrError(cause, 'starting the embedded chain');
    }
    const signer = await resolveSigner(provider, options, true);
    return { provider, signer, chainId, inProcess: true, rpcTimeoutMs };
  }
  checkRpcUrl(options.rpcUrl);
  // The transport aborts the HTTP call too (a second after the call's RPC_TIMEOUT, which is reported
  // first), so a silent node leaves no socket open.
  const request = new FetchRequest(options.rpcUrl);
  request.timeout = rpcTimeoutMs + TRANSPORT_GRACE_MS;
  request.getUrlFunc = abortingGetUrl(rpcTimeoutMs + TRANSPORT_GRACE_MS);
  const provider = new JsonRpcProvider(request, undefined, { cacheTimeout: -1, pollingInterval: 500 });
  let chainId: bigint;
  try {
    chainId = (await withRpcTimeout(provider.getNetwork(), rpcTimeoutMs, `connecting to ${options.rpcUrl}`)).chainId;
  } catch (cause) {
    provider.destroy();
    if (isZkrError(cause, 'RPC_TIMEOUT')) throw cause;
    throw l1Error('RPC_UNREACHABLE', `cannot reach the L1 node at ${options.rpcUrl}; check --rpc and that the node is running`, {
      details: { rpcUrl: options.rpcUrl },
      cause,
    });
  }
  const signer = await resolveSigner(provider, options, false);
  return { provider, signer, chainId, inProcess: false, rpcUrl: options.rpcUrl, rpcTimeoutMs };
}
