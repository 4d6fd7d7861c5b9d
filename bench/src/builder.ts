/**
 * Batch builder throughput: transfers per second that `buildBatch` applies (signature checks, two
 * O(D) leaf updates, proofs and the fee credit included) on a depth-32 tree, with each Poseidon
 * implementation, plus raw Poseidon(2) hashes per second and EdDSA verifications per second.
 * Only ratios within one run are meaningful on a shared machine; every figure is a median of samples.
 */
import { performance } from 'node:perf_hooks';
import { randomInt } from 'node:crypto';
import { benchError } from './errors';
import {
  buildBatch, createCryptoSuite, createPoseidon, generateKeyPair, RollupState, signTransfer, transferMessage,
  type CryptoSuite, type Poseidon, type PoseidonImplementation, type SignedTransfer,
} from '@zkr/state';
import { pairedSpeedup, summarize, type SampleSummary } from './stats';

/** Parameters of {@link benchBuilder}. */
export interface BuilderBenchOptions {
  /** Tree depth (default 32). */
  readonly depth?: number;
  /** Funded accounts in the genesis state (default 64), at indices spread over the whole tree. */
  readonly accounts?: number;
  /** Transfers per timed batch, all valid; also the batch size (default 64). */
  readonly transfers?: number;
  /** Timed batches per Poseidon implementation (default 3). */
  readonly repeats?: number;
  /** Poseidon(2) hashes per timed sample (default 5000). */
  readonly hashes?: number;
}

/** Builder throughput with one Poseidon implementation. */
export interface BuilderThroughput {
  readonly poseidon: PoseidonImplementation;
  /** Transfers applied per second (median over `repeats` batches). */
  readonly transfersPerSecond: SampleSummary;
}

/** The result of {@link benchBuilder}. */
export interface BuilderBenchResult {
  readonly depth: number;
  readonly accounts: number;
  readonly transfers: number;
  /** Throughput of `buildBatch`, one entry per Poseidon implementation. */
  readonly builder: readonly BuilderThroughput[];
  /** Poseidon(2) hashes per second for each implementation. */
  readonly poseidonHashesPerSecond: Readonly<Record<PoseidonImplementation, SampleSummary>>;
  /** Paired ratio lite time / wasm time: above 1 means wasm is faster. */
  readonly wasmSpeedupOverLite: SampleSummary;
  /** EdDSA-Poseidon signature verifications per second (`@zkr/state`, bigint Baby Jubjub). */
  readonly verificationsPerSecond: SampleSummary;

}

const IMPLEMENTATIONS: readonly PoseidonImplementation[] = ['wasm', 'lite'];

function perSecond(count: number, run: () => void): number {
  const start = performance.now();
  run();
  return (count * 1000) / (performance.now() - start);
}

function hashChain(poseidon: Poseidon, count: number): void {
  let x = 1n;
  for (let i = 0; i < count; i++) x = poseidon.hash([x, BigInt(i)]);
}

/** A genesis with `accounts` accounts spread over the tree and `transfers` valid signed transfers between them. */
function workload(suite: CryptoSuite, depth: number, accounts: number, transfers: number): { state: RollupState; stream: SignedTransfer[] } {
  const keys = Array.from({ length: accounts }, () => generateKeyPair(suite.eddsa));
  const stride = Math.floor((2 ** depth - 1) / accounts);
  const index = (i: number): number => i * stride;
  const state = RollupState.genesis(suite, {
    depth,
    domain: 1n,
    accounts: keys.map((k, i) => ({ index: index(i), account: { publicKey: k.publicKey, balance: 1_000_000n, nonce: 0n, owner: 0n } })),
  });
  const nonces = new Array<bigint>(accounts).fill(0n);
  const stream = Array.from({ length: transfers }, (_, t) => {
    const from = t % accounts;
    const body = { from: index(from), to: index((from + 1) % accounts), amount: 10n, fee: 1n, nonce: nonces[from]++ };
    return signTransfer(suite, keys[from].privateKey, state.domain, body);
  });
  return { state, stream };
}

/** Measures builder, Poseidon and EdDSA throughput; returns medians (no printing, no files). */
export async function benchBuilder(options: BuilderBenchOptions = {}): Promise<BuilderBenchResult> {
  const { depth = 32, accounts = 64, transfers = 64, repeats = 3, hashes = 5000 } = options;
  const builder: BuilderThroughput[] = [];
  let verificationsPerSecond: SampleSummary | undefined;
  for (const poseidon of IMPLEMENTATIONS) {
    const suite = await createCryptoSuite({ poseidon });
    const { state, stream } = workload(suite, depth, accounts, transfers);
    const samples = Array.from({ length: repeats }, () =>
      perSecond(transfers, () => {
        const { accepted, rejected } = buildBatch(state, stream, { batchSize: transfers, feeRecipient: 0 });
        if (accepted.length !== transfers) {
          throw benchError('BENCH_INVALID', `the builder rejected ${rejected.length} benchmark transfers (${rejected[0]?.code})`);
        }
      }),
    );
    builder.push({ poseidon, transfersPerSecond: summarize(samples) });
    if (poseidon === 'wasm') {
      const t = stream[0];
      const message = transferMessage(suite, state.domain, t);
      const key = state.account(t.from)!.publicKey;
      const count = Math.max(1, Math.floor(transfers / 4));
      verificationsPerSecond = summarize(Array.from({ length: repeats }, () =>
        perSecond(count, () => {
          for (let i = 0; i < count; i++) suite.eddsa.verify(message, t.signature, key);
        })));
    }
  }
  const hashers = { wasm: await createPoseidon('wasm'), lite: await createPoseidon('lite') };
  const rates: Record<PoseidonImplementation, number[]> = { wasm: [], lite: [] };
  for (let i = 0; i < repeats; i++) {
    for (const implementation of IMPLEMENTATIONS) rates[implementation].push(perSecond(hashes, () => hashChain(hashers[implementation], hashes)));
  }
  return {
    depth,
    accounts,
    transfers,
    builder,
    poseidonHashesPerSecond: { wasm: summarize(rates.wasm), lite: summarize(rates.lite) },
    wasmSpeedupOverLite: pairedSpeedup(rates.lite.map((r) => 1 / r), rates.wasm.map((r) => 1 / r)),
    verificationsPerSecond: verificationsPerSecond!,
  };
}

/** Parameters of {@link benchGenesis}. */
export interface GenesisBenchOptions {
  /** Tree depth (default 32). */
  readonly depth?: number;
  /** Number of accounts (default 100000). */
  readonly accounts?: number;
  /** `consecutive` indices `0..n-1` (what `zkr genesis` assigns) or uniformly `random` ones (worst case). */
  readonly layout?: 'consecutive' | 'random';
}

/** The result of {@link benchGenesis}. */
export interface GenesisBenchResult {
  readonly depth: number;
  readonly accounts: number;
  readonly layout: 'consecutive' | 'random';
  /** Seconds to validate the accounts and build the tree. */
  readonly seconds: number;
  /** Heap growth held by the state, in bytes (exact only when node runs with `--expose-gc`). */
  readonly heapBytes: number;
}

/** Builds a genesis state of `accounts` accounts and measures its build time and memory. */
export async function benchGenesis(options: GenesisBenchOptions = {}): Promise<GenesisBenchResult> {
  const { depth = 32, accounts = 100_000, layout = 'consecutive' } = options;
  const suite = await createCryptoSuite();
  const keys = Array.from({ length: 16 }, () => generateKeyPair(suite.eddsa));
  const indices = new Set<number>();
  while (indices.size < accounts) indices.add(layout === 'consecutive' ? indices.size : randomInt(2 ** Math.min(depth, 47)));
  const entries = [...indices].map((index, i) => ({ index, account: { publicKey: keys[i % keys.length].publicKey, balance: 1n, nonce: 0n, owner: 0n } }));
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const start = performance.now();
  const state = RollupState.genesis(suite, { depth, domain: 1n, accounts: entries });
  const seconds = (performance.now() - start) / 1000;
  entries.length = 0;
  gc?.();
  const heapBytes = process.memoryUsage().heapUsed - before;
  if (state.size !== accounts) throw benchError('BENCH_INVALID', `genesis holds ${state.size} accounts, expected ${accounts}`);
  return { depth, accounts, layout, seconds, heapBytes };
}
