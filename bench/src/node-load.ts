/**
 * Load on a real `zkr node` (issue 15, "Crash safety and load"): anvil as its own process, a rollup
 * of the default instance with `--senders` funded accounts, the node in its own process on
 * 127.0.0.1, and `--clients` concurrent HTTP clients for `--seconds`, sending pre-signed requests
 * (signing is not the node's cost): valid transfers in nonce order per sender, mixed with invalid
 * ones the node must refuse with their code (a bad signature, a bad nonce, an insufficient balance,
 * malformed JSON). Reports accepted tx/s, request latency p50/p99, and, after a grace period,
 * settlement latency p50/p99 (accepted -> its batch settled on L1, from the node's records) and the
 * lost count: accepted transactions the node no longer knows, or rejected. Accepted transactions
 * still in flight when the grace ends are counted apart (the backlog): a prover settles about
 * `batchSize / prove time` transfers a second, far below intake: `--rate` paces the offered load
 * (settlement latency at a load the prover sustains) and `--valid-limit` bounds the valid
 * transactions offered when every one must settle within the run.
 *
 * `node -r ./packages/test-helpers/ts-register.js bench/src/node-load.ts [--clients 16] [--seconds 20]
 *   [--senders 256] [--chain 10] [--invalid 0.25] [--valid-limit N] [--rate R] [--grace 120] [--artifacts DIR] [--out bench/results/node-load.md]`
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_INSTANCE } from '@zkr/circuits';
import { prepareBatchArtifacts } from '@zkr/operator';
import { createCryptoSuite, signTransfer, type CryptoSuite, type SignedTransfer } from '@zkr/state';
import { deployTestRollup, startExternalChain } from '@zkr/test-helpers';
import { nodeStatus, request, startNode, transferId, transferRequest } from '../../test/node/harness';
import { benchError } from './errors';
import { machineInfo } from './machine';

/** What one run is asked to do. */
interface LoadOptions {
  readonly clients: number;
  readonly seconds: number;
  readonly senders: number;
  /** Valid transfers pre-signed per sender (its nonce chain). */
  readonly chain: number;
  /** Fraction of requests that are invalid, 0..1. */
  readonly invalid: number;
  /** At most this many valid transfers offered in all (undefined: senders x chain). */
  readonly validLimit?: number;
  readonly graceSeconds: number;
  readonly out: string;
  /** Requests per second offered in all (undefined: as fast as the clients go), for settlement latency at a load the prover sustains. */
  readonly rate?: number;
  /** The default instance's artifact dir (default: the operator's cache, set up in dev mode when missing). */
  readonly artifacts?: string;
}

/** One pre-signed request: its body, what it must get (202, or the error code), and the id of a valid transfer. */
interface PlannedRequest {
  readonly body: string;
  readonly expect: 'accepted' | string;
  readonly id?: string;
}

/** One request sent: when, how long it took, and whether the answer was the planned one. */
interface Sent {
  readonly ms: number;
  readonly status: number;
  readonly code?: string;
  readonly asPlanned: boolean;
}

const BALANCE = 1_000_000_000n;
const INVALID_KINDS = ['INVALID_SIGNATURE', 'BAD_NONCE', 'INSUFFICIENT_BALANCE', 'INVALID_TRANSACTION'] as const;

function parseArgs(argv: readonly string[]): LoadOptions {
  const value = (flag: string, fallback: string | undefined): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : fallback;
  };
  const number = (flag: string, fallback: number, min: number, max: number): number => {
    const raw = value(flag, String(fallback))!;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) {
      throw benchError('INVALID_ARGUMENT', `${flag} must be a number in ${min}..${max}, got ${JSON.stringify(raw)}`, { details: { field: flag, value: raw } });
    }
    return n;
  };
  const limit = value('--valid-limit', undefined);
  return {
    clients: number('--clients', 16, 1, 1024),
    seconds: number('--seconds', 20, 1, 3600),
    senders: number('--senders', 256, 2, 2 ** DEFAULT_INSTANCE.depth),
    chain: number('--chain', 10, 1, 10_000),
    invalid: number('--invalid', 0.25, 0, 0.95),
    validLimit: limit === undefined ? undefined : number('--valid-limit', 0, 1, 10_000_000),
    graceSeconds: number('--grace', 120, 0, 3600),
    out: resolve(value('--out', join(__dirname, '..', 'results', 'node-load.md'))!),
    artifacts: value('--artifacts', undefined),
    rate: value('--rate', undefined) === undefined ? undefined : number('--rate', 0, 0.01, 1_000_000),
  };
}

/** A deterministic generator in [0, 1) (mulberry32), so a run's mix is reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * The requests of each client: client `c` owns senders `c, c + K, ...` and walks their nonce
 * chains round-robin; an invalid request of a random kind goes in before a valid one with
 * probability `invalid / (1 - invalid)` per valid one (an invalid transfer of a sender carries its
 * next nonce, so only the broken rule refuses it).
 */
function plan(suite: CryptoSuite, keys: readonly { privateKey: Uint8Array }[], domain: bigint, options: LoadOptions): PlannedRequest[][] {
  const next = mulberry32(0x5eed);
  const perClient: PlannedRequest[][] = Array.from({ length: options.clients }, () => []);
  let validLeft = options.validLimit ?? options.senders * options.chain;
  const sign = (from: number, key: Uint8Array, body: Omit<SignedTransfer, 'signature' | 'from'>): SignedTransfer => signTransfer(suite, key, domain, { from, ...body });
  const invalidRatio = options.invalid / (1 - options.invalid);
  for (let nonce = 0n; nonce < BigInt(options.chain) && validLeft > 0; nonce++) {
    for (let from = 0; from < options.senders && validLeft > 0; from++) {
      const to = (from + 1 + Number(nonce)) % options.senders;
      const list = perClient[from % options.clients];
      if (next() < invalidRatio) {
        const kind = INVALID_KINDS[Math.floor(next() * INVALID_KINDS.length)];
        const other = keys[(from + 1) % options.senders].privateKey;
        const body =
          kind === 'INVALID_SIGNATURE' ? transferRequest(sign(from, other, { to, amount: 1n, fee: 0n, nonce }))
          : kind === 'BAD_NONCE' ? transferRequest(sign(from, keys[from].privateKey, { to, amount: 1n, fee: 0n, nonce: nonce + 1000n }))
          : kind === 'INSUFFICIENT_BALANCE' ? transferRequest(sign(from, keys[from].privateKey, { to, amount: 2n * BALANCE, fee: 0n, nonce }))
          : '{"kind":"transfer","transfer":{"from":';
        list.push({ body, expect: kind });
      }
      const transfer = sign(from, keys[from].privateKey, { to, amount: 1n + nonce, fee: 1n, nonce });
      list.push({ body: transferRequest(transfer), expect: 'accepted', id: transferId(suite, domain, transfer) });
      validLeft -= 1;
    }
  }
  return perClient;
}

/** The `q`-quantile of `samples` (nearest rank); NaN for none. */
function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const fmt = (n: number, digits = 1): string => (Number.isNaN(n) ? 'n/a' : n.toFixed(digits));

async function main(argv: readonly string[]): Promise<void> {
  const options = parseArgs(argv);
  const suite = await createCryptoSuite();
  const artifactsDir = options.artifacts ?? (await prepareBatchArtifacts(DEFAULT_INSTANCE)).dir;
  const chain = await startExternalChain({ accounts: 2 });
  const rollup = await deployTestRollup({
    suite, chain, artifactsDir, depth: DEFAULT_INSTANCE.depth, queuePositions: DEFAULT_INSTANCE.queuePositions,
    withdrawalPositions: DEFAULT_INSTANCE.withdrawalPositions, accounts: options.senders, balance: BALANCE,
  });
  const maxWaitMs = 2000;
  const node = await startNode([
    '--rpc', chain.rpcUrl, '--deployment', rollup.deploymentFile, '--genesis', rollup.genesisFile, '--db', join(rollup.dir, 'node.sqlite'),
    '--port', '0', '--artifacts', artifactsDir, '--engine', 'native', '--max-wait-ms', String(maxWaitMs), '--mempool-size', '1000000',
  ], { ZKR_PRIVATE_KEY: chain.keys[0] });
  try {
    const perClient = plan(suite, rollup.keys, rollup.genesis.domain, options);
    const sent: Sent[] = [];
    const accepted: string[] = [];
    const endAt = performance.now() + options.seconds * 1000;
    const started = performance.now();
    let tickets = 0;
    await Promise.all(perClient.map(async (list) => {
      for (const planned of list) {
        if (options.rate !== undefined) {
          const due = started + (tickets++ / options.rate) * 1000;
          if (due >= endAt) return;
          if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
        }
        if (performance.now() >= endAt) return;
        const t0 = performance.now();
        const answer = await request(node.url, 'POST', '/v1/transactions', planned.body);
        const ms = performance.now() - t0;
        const code = answer.body?.error?.code;
        const asPlanned = planned.expect === 'accepted' ? answer.status === 202 : code === planned.expect && answer.status >= 400 && answer.status < 500;
        sent.push({ ms, status: answer.status, code, asPlanned });
        if (answer.status === 202 && planned.id) accepted.push(planned.id);
      }
    }));
    const windowSeconds = (performance.now() - started) / 1000;

    // Grace: the node settles what it accepted; then every accepted id is looked up.
    const graceEnd = Date.now() + options.graceSeconds * 1000;
    while (Date.now() < graceEnd) {
      const status = await nodeStatus(node.url);
      if (status.mempool.pending === 0 && status.batches.settled === status.batches.built) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const settledAt = new Map<number, number>();
    const settlement: number[] = [];
    let lost = 0;
    let backlog = 0;
    for (const id of accepted) {
      const record = (await request(node.url, 'GET', `/v1/transactions/${id}`)).body as { status?: string; acceptedAt?: number; batchNumber?: number } | undefined;
      if (record?.status === 'settled' && record.batchNumber !== undefined && record.acceptedAt !== undefined) {
        if (!settledAt.has(record.batchNumber)) {
          const batch = (await request(node.url, 'GET', `/v1/batches/${record.batchNumber}`)).body as { settledAt?: number } | undefined;
          settledAt.set(record.batchNumber, batch?.settledAt ?? Number.NaN);
        }
        settlement.push(settledAt.get(record.batchNumber)! - record.acceptedAt);
      } else if (record?.status === 'pending' || record?.status === 'batched' || record?.status === 'proven') {
        backlog += 1;
      } else {
        lost += 1;
      }
    }
    const status = await nodeStatus(node.url);
    const latencies = sent.map((s) => s.ms);
    const codes = new Map<string, number>();
    for (const s of sent) codes.set(s.code ?? String(s.status), (codes.get(s.code ?? String(s.status)) ?? 0) + 1);
    const machine = machineInfo();
    const rows: [string, string][] = [
      ['clients x window', `${options.clients} x ${fmt(windowSeconds)} s${options.rate === undefined ? ', unpaced' : `, paced at ${options.rate} req/s in all`}`],
      ['senders, pre-signed valid per sender', `${options.senders}, ${options.chain}${options.validLimit === undefined ? '' : ` (valid limit ${options.validLimit})`}`],
      ['requests sent (invalid planned share)', `${sent.length} (${fmt(options.invalid * 100, 0)} %)`],
      ['answers', [...codes.entries()].map(([c, n]) => `${c}: ${n}`).join(', ')],
      ['answers not as planned', String(sent.filter((s) => !s.asPlanned).length)],
      ['accepted tx/s', fmt(accepted.length / windowSeconds)],
      ['request latency p50 / p99 (ms)', `${fmt(quantile(latencies, 0.5), 2)} / ${fmt(quantile(latencies, 0.99), 2)}`],
      ['settled within the grace period', `${settlement.length} of ${accepted.length} (grace ${options.graceSeconds} s, ${status.batches.settled} batches of ${DEFAULT_INSTANCE.batchSize})`],
      ['settlement latency p50 / p99 (s)', `${fmt(quantile(settlement, 0.5) / 1000, 2)} / ${fmt(quantile(settlement, 0.99) / 1000, 2)}`],
      ['still in flight after the grace period (backlog)', String(backlog)],
      ['**lost** (accepted, then unknown or rejected)', `**${lost}**`],
    ];
    const markdown = [
      `# zkr node under load (${new Date().toISOString()})`,
      '',
      `Command: \`node -r ./packages/test-helpers/ts-register.js bench/src/node-load.ts ${argv.join(' ')}\``,
      `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}. Instance ${DEFAULT_INSTANCE.depth}/${DEFAULT_INSTANCE.batchSize} (depth/batch size), engine native, max wait ${maxWaitMs} ms, anvil automine; clients and node share the machine.`,
      '',
      '| measure | value |',
      '| --- | --- |',
      ...rows.map(([k, v]) => `| ${k} | ${v} |`),
      '',
    ].join('\n');
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, markdown);
    process.stdout.write(`${markdown}\nwrote ${options.out}\n`);
    if (lost > 0) process.exitCode = 1;
  } finally {
    await node.stop();
    rollup.close();
    await chain.stop();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
