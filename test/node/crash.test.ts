/**
 * Kill -9 the node, again and again (issue 15, "Crash safety and load"): anvil runs as its own
 * process, a `zkr node` child process on one SQLite file is SIGKILLed at >= 20 seeded moments
 * (while building, while proving, right after its L1 transaction was sent and before its receipt
 * under interval mining, and at random times) and restarted on the same database, while signing
 * clients keep submitting transfers over HTTP and L1 deposits add queue operations. Then, settled:
 * every accepted transaction is settled, none applied twice (each sender's nonce on the state rebuilt
 * from L1 equals its accepted count, and each transfer appears once in the batches' calldata), every
 * batch number was submitted by exactly one L1 transaction, and L1's state hash is the node's head,
 * and the state `rebuildFromL1` replays. Seed: ZKR_TEST_SEED (printed in the test name).
 */
import { DEFAULT_INSTANCE } from '@zkr/circuits';
import type { LoggedBatchEvent } from '@zkr/l1';
import { rebuildFromL1 } from '@zkr/sequencer';
import {
  batchDataHeaderBytes, createCryptoSuite, decodeBatchData, generateKeyPair, indexBytes, signTransfer, SLOT_KINDS, type CryptoSuite,
} from '@zkr/state';
import { batchArtifacts, deployTestRollup, seededBigints, startExternalChain, testSeed, type ExternalChain, type TestRollup } from '@zkr/test-helpers';
import { Interface, JsonRpcProvider, Wallet } from 'ethers';
import { join } from 'node:path';
import { Rollup } from '@zkr/contracts';
import { request, startNode, transferId, transferRequest, waitSettled, type NodeEvent, type NodeProcess } from './harness';

const SEED = testSeed();
const random = seededBigints(SEED);
/** A seeded integer in `[0, n)`. */
const below = (n: number): number => Number(random(32) % BigInt(n));

const KILLS = 20;
const SENDERS = 6;
/** The clients pause while the mempool holds this many transactions: the backlog stays small enough to settle quickly at the end. */
const MAX_PENDING = 6;
const MAX_WAIT_MS = 300;
/** Seconds between blocks while aiming at "sent, not yet mined". */
const BLOCK_TIME = 2;

/** The node's event names the kills aim at (see CORE's `zkr node --json`). */
const EVENTS = {
  built: ['batch-built'],
  proving: ['batch-proving', 'proving', 'prove-started', 'batch-built'],
  submitted: ['batch-submitted'],
};

type Phase = 'building' | 'proving' | 'sent' | 'random';
const PHASES: readonly Phase[] = ['building', 'proving', 'sent', 'random'];

let chain: ExternalChain;
let rollup: TestRollup;
let suite: CryptoSuite;

beforeAll(async () => {
  suite = await createCryptoSuite();
  chain = await startExternalChain({ accounts: 3 });
  rollup = await deployTestRollup({
    suite, chain, artifactsDir: await batchArtifacts(DEFAULT_INSTANCE), depth: DEFAULT_INSTANCE.depth,
    queuePositions: 1, withdrawalPositions: 1, accounts: SENDERS, balance: 1_000_000n,
  });
});

afterAll(async () => {
  rollup?.close();
  await chain?.stop();
});

/** What the clients got: accepted ids per sender, in nonce order, and anything the node refused that it should not have. */
interface Ledger {
  readonly accepted: Map<string, { readonly from: number; readonly to: number; readonly amount: bigint; readonly nonce: bigint }>;
  readonly unexpected: string[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One signing client per sender: transfer `n` of sender `s` pays `n + 1` units to another account
 * (so every transfer is unique by sender and amount), resubmitted until the node answers 202 or 409
 * (409: accepted before a crash that ate the answer), then the next nonce.
 */
function runClients(current: () => NodeProcess | undefined, ledger: Ledger, stop: () => boolean): Promise<void> {
  const domain = rollup.genesis.domain;
  let pending = 0;
  const monitor = (async () => {
    while (!stop()) {
      const node = current();
      if (node) {
        const answer = await request(node.url, 'GET', '/v1/status').catch(() => undefined);
        if (answer?.status === 200) pending = (answer.body as { mempool: { pending: number } }).mempool.pending;
      }
      await sleep(200);
    }
  })();
  const client = async (from: number): Promise<void> => {
    for (let nonce = 0n; !stop(); ) {
      const to = (from + 1 + Number(nonce % BigInt(SENDERS - 1))) % SENDERS;
      const body = { from, to, amount: nonce + 1n, fee: nonce % 2n, nonce };
      const transfer = signTransfer(suite, rollup.keys[from].privateKey, domain, body);
      const id = transferId(suite, domain, transfer);
      let retried = false;
      while (!stop()) {
        const node = current();
        if (!node || pending >= MAX_PENDING) {
          await sleep(100);
          continue;
        }
        const answer = await request(node.url, 'POST', '/v1/transactions', transferRequest(transfer)).catch(() => undefined);
        if (answer === undefined || answer.status === 503) {
          retried = true;
          await sleep(100);
          continue;
        }
        // After a lost answer the node may know the transaction already (409, or a nonce it has moved past): its record says so.
        const known = retried && answer.status !== 202 && (await request(node.url, 'GET', `/v1/transactions/${id}`).catch(() => undefined))?.status === 200;
        if (answer.status === 202 || known) {
          ledger.accepted.set(id, { from, to, amount: body.amount, nonce });
          pending += 1;
          nonce += 1n;
        } else {
          ledger.unexpected.push(`${id} (sender ${from}, nonce ${nonce}): ${answer.status} ${JSON.stringify(answer.body)}`);
          return;
        }
        break;
      }
    }
  };
  return Promise.all([monitor, ...Array.from({ length: SENDERS }, (_, s) => client(s))]).then(() => undefined);
}

/** Waits for the moment of `phase` and kills the node there; resolves with what was hit. */
async function killAt(node: NodeProcess, phase: Phase, provider: JsonRpcProvider): Promise<string> {
  const seen = node.events.length;
  const named = (names: readonly string[]) => (e: NodeEvent) => names.includes(e.event) && node.events.indexOf(e) >= seen;
  try {
    if (phase === 'random') {
      await sleep(200 + below(3000));
      await node.kill9();
      return 'random';
    }
    if (phase === 'building') {
      await node.next(named(EVENTS.built), 30_000);
      await node.kill9();
      return 'building';
    }
    if (phase === 'proving') {
      await node.next(named(EVENTS.proving), 30_000);
      await sleep(below(600));
      await node.kill9();
      return 'proving';
    }
    const sent = await node.next(named(EVENTS.submitted), 60_000);
    await node.kill9();
    const receipt = typeof sent.txHash === 'string' ? await provider.getTransactionReceipt(sent.txHash) : null;
    return receipt === null ? 'sent (not mined at the kill)' : 'sent (already mined at the kill)';
  } catch (error) {
    await node.kill9();
    return `${phase}: no event (${(error as Error).message.slice(0, 80)})`;
  }
}

/** Every `submitBatch` transaction sent to the rollup since its deployment: batch number and receipt status, in chain order. */
async function submitBatchTransactions(provider: JsonRpcProvider): Promise<{ batchNumber: bigint; ok: boolean; hash: string }[]> {
  const iface = new Interface(Rollup.abi as never);
  const out: { batchNumber: bigint; ok: boolean; hash: string }[] = [];
  const latest = await provider.getBlockNumber();
  for (let n = rollup.deployment.blockNumber; n <= latest; n++) {
    const block = await provider.getBlock(n, true);
    for (const tx of block?.prefetchedTransactions ?? []) {
      if (tx.to?.toLowerCase() !== rollup.deployment.rollup.toLowerCase()) continue;
      const call = iface.parseTransaction({ data: tx.data });
      if (call?.name !== 'submitBatch') continue;
      const receipt = await provider.getTransactionReceipt(tx.hash);
      out.push({ batchNumber: call.args[0] as bigint, ok: receipt?.status === 1, hash: tx.hash });
    }
  }
  return out;
}

/** The transfers (from, to, amount, fee) in the calldata of L1's batches, in order (each header rebuilt from the previous batch's event, as a replay does). */
function transfersOnL1(events: readonly LoggedBatchEvent[]): string[] {
  const { depth, queuePositions, withdrawalPositions } = rollup.genesis;
  let oldStateHash = rollup.genesis.stateHash;
  return events.flatMap((event) => {
    const header = Buffer.alloc(batchDataHeaderBytes(depth));
    header.write(oldStateHash.toString(16).padStart(64, '0'), 0, 'hex');
    header.writeUInt32BE(Number(event.batchNumber), 32);
    header.write(event.feeRecipient.toString(16).padStart(2 * indexBytes(depth), '0'), 36, 'hex');
    oldStateHash = event.newStateHash;
    const data = decodeBatchData(Buffer.concat([header, event.txData]), { depth, queuePositions, withdrawalPositions });
    return data.slots.filter((s) => s.kind === SLOT_KINDS.transfer).map((s) => `${s.from}->${s.to}:${s.amount}+${s.fee}`);
  });
}

test(`kill -9 at ${KILLS}+ seeded moments loses and duplicates nothing; L1 = node head = rebuild (seed ${SEED})`, async () => {
  const db = join(rollup.dir, 'node.sqlite');
  const flags = [
    '--rpc', chain.rpcUrl, '--deployment', rollup.deploymentFile, '--genesis', rollup.genesisFile, '--db', db, '--port', '0',
    '--artifacts', await batchArtifacts(DEFAULT_INSTANCE), '--max-wait-ms', String(MAX_WAIT_MS), '--engine', 'native', '--poll-ms', '200',
  ];
  const env = { ZKR_PRIVATE_KEY: chain.keys[0] };
  const provider = new JsonRpcProvider(chain.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  const depositor = rollup.client.withSigner(new Wallet(chain.keys[2], rollup.client.connection.provider));
  const ledger: Ledger = { accepted: new Map(), unexpected: [] };
  let node: NodeProcess | undefined;
  let stopClients = false;
  const clients = runClients(() => node, ledger, () => stopClients);
  const deposits: Promise<unknown>[] = [];
  const depositErrors: string[] = [];
  const hits: string[] = [];
  try {
    // Seeded phase order: every phase KILLS/4 times at least, shuffled.
    const plan = Array.from({ length: KILLS }, (_, i) => PHASES[i % PHASES.length]);
    for (let i = plan.length - 1; i > 0; i--) {
      const j = below(i + 1);
      [plan[i], plan[j]] = [plan[j], plan[i]];
    }
    for (const [k, phase] of plan.entries()) {
      node = await startNode(flags, env);
      if (k % 5 === 2) {
        // Queue operations for the batches: a deposit to a new account and one to an existing account.
        const deposit = k % 10 === 2 ? depositor.deposit({ publicKey: generateKeyPair(suite.eddsa).publicKey, amount: 50n }) : depositor.depositTo({ index: 0, amount: 7n });
        deposits.push(deposit.catch((error: Error) => depositErrors.push(error.message)));
      }
      if (phase === 'sent') await chain.setIntervalMining(BLOCK_TIME);
      const current = node;
      hits.push(await killAt(current, phase, provider));
      node = undefined;
      if (phase === 'sent') await chain.setAutomine();
    }
    await Promise.all(deposits);
    // The last run: the clients stop, the node settles everything.
    node = await startNode(flags, env);
    await sleep(2000);
    stopClients = true;
    await clients;
    const status = await waitSettled(node.url, 180_000);
    console.log(`seed ${SEED}: ${hits.length} kills: ${JSON.stringify(tally(hits))}; ${ledger.accepted.size} accepted transfers, ${status.batches.settled} batches`);

    expect(ledger.unexpected).toEqual([]);
    expect(depositErrors).toEqual([]);
    expect(hits.length).toBeGreaterThanOrEqual(20);
    expect(hits.filter((h) => h === 'sent (not mined at the kill)').length).toBeGreaterThanOrEqual(1);
    expect(ledger.accepted.size).toBeGreaterThan(KILLS);

    // Every accepted transaction is settled.
    const notSettled: string[] = [];
    for (const id of ledger.accepted.keys()) {
      const answer = await request(node.url, 'GET', `/v1/transactions/${id}`);
      if (answer.body?.status !== 'settled') notSettled.push(`${id}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    expect(notSettled).toEqual([]);

    // L1 replayed alone gives the node's head; each sender's nonce is its accepted count; each transfer is in the calldata once.
    const rebuilt = await rebuildFromL1({ connection: rollup.client.connection, deployment: rollup.deployment, genesis: rollup.genesis });
    expect(rebuilt.matches).toBe(true);
    expect(rebuilt.state.root.toString()).toBe(String(status.headRoot));
    expect(rebuilt.state.root.toString()).toBe(String(status.settledRoot));
    expect(String(status.l1.stateHash)).toBe(rebuilt.stateHashOnChain.toString());
    expect(rebuilt.state.queueCount).toBe(await rollup.client.queueLength());
    for (let s = 0; s < SENDERS; s++) {
      const count = [...ledger.accepted.values()].filter((t) => t.from === s).length;
      expect({ sender: s, nonce: rebuilt.state.account(s)?.nonce }).toEqual({ sender: s, nonce: BigInt(count) });
    }
    const events = await rollup.client.rollupEvents(rollup.deployment.blockNumber, await provider.getBlockNumber());
    const onL1 = transfersOnL1(events.batches).sort();
    const expected = [...ledger.accepted.values()].map((t) => `${t.from}->${t.to}:${t.amount}+${t.nonce % 2n}`).sort();
    expect(onL1).toEqual(expected);

    // Each batch number was sent to L1 by exactly one transaction, which succeeded.
    const submissions = await submitBatchTransactions(provider);
    const perNumber = new Map<string, string[]>();
    for (const s of submissions) perNumber.set(String(s.batchNumber), [...(perNumber.get(String(s.batchNumber)) ?? []), s.ok ? 'ok' : `reverted ${s.hash}`]);
    const numbers = Array.from({ length: rebuilt.batches }, (_, i) => String(i + 1));
    expect([...perNumber.keys()]).toEqual(numbers);
    expect([...perNumber.entries()].filter(([, sent]) => sent.length !== 1 || sent[0] !== 'ok')).toEqual([]);
  } finally {
    stopClients = true;
    await node?.stop();
    await clients;
    provider.destroy();
  }
});

/** Counts of each kind of kill hit. */
function tally(hits: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const h of hits) out[h] = (out[h] ?? 0) + 1;
  return out;
}
