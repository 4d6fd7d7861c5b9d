/**
 * Recovery at open, one stored status at a time, on the in-process Hardhat chain with the real
 * default circuit and Prover: the database is written as a node killed at that point leaves it
 * (a built batch; a proven one L1 does not hold; a submitted and a proven one L1 holds already),
 * then a Sequencer opens it. It must prove only what has no proof, send only what L1 lacks, and
 * settle everything, with L1's state hash equal to its head. (The kill -9 test of a real process
 * is test/node/crash.test.ts.)
 */
import { join } from 'node:path';
import { DEFAULT_INSTANCE } from '@zkr/circuits';
import type { L1Connection, RollupClient } from '@zkr/l1';
import type { TestAccounts } from '@zkr/operator';
import { Prover, toSolidityCalldata } from '@zkr/prover';
import { buildBatch, signTransfer, transferMessage, type CryptoSuite, type RollupState } from '@zkr/state';
import { Sequencer, SequencerStore, storeIdentityOf, type BatchRecord, type NodeEvent, type StoreIdentity } from '@zkr/sequencer';
import { testRollup, type TestRollup } from './rollup.fixture';

let rollup: TestRollup;
let suite: CryptoSuite;
let accounts: TestAccounts;
let connection: L1Connection;
let client: RollupClient;
let genesis: RollupState;
let artifactsDir: string;
let prover: Prover;
let dir: string;
let dbFile: string;
let identity: StoreIdentity;
const nonces = new Map<number, bigint>();

beforeAll(async () => {
  rollup = await testRollup('zkr-recovery-');
  ({ suite, accounts, connection, client, genesis, artifactsDir, dir } = rollup);
  prover = await Prover.fromArtifacts(artifactsDir, { engine: 'native' });
  dbFile = join(dir, 'node.sqlite');
  identity = storeIdentityOf(client.deployment, DEFAULT_INSTANCE.batchSize);
});

afterAll(async () => {
  await prover?.close();
  await rollup?.close();
});

/** Writes what a node leaves after accepting two transfers and building them into the next batch; returns the batch's record. */
function writeBuilt(store: SequencerStore): BatchRecord {
  const head = store.loadHead(suite, genesis);
  const transfers = [[0, 1], [2, 3]].map(([from, to]) => {
    const nonce = nonces.get(from) ?? 0n;
    nonces.set(from, nonce + 1n);
    return signTransfer(suite, accounts.keys[from].privateKey, client.deployment.domain, { from, to, amount: 10n, fee: 1n, nonce });
  });
  const ids = transfers.map((t) => `0x${transferMessage(suite, head.domain, t).toString(16).padStart(64, '0')}`);
  transfers.forEach((transfer, i) => store.insertTransaction({ id: ids[i], tx: { kind: 'transfer', transfer }, status: 'pending', acceptedAt: Date.now() }));
  const built = buildBatch(head, transfers, { batchSize: DEFAULT_INSTANCE.batchSize, feeRecipient: 0, queue: [], withdrawals: [] });
  expect(built.accepted).toHaveLength(2);
  const { batch } = built;
  const record: BatchRecord = {
    batchNumber: batch.batchNumber, status: 'built', transactionIds: ids, queueCount: 0, firstQueuePosition: batch.queueStart,
    oldRoot: head.root, newRoot: batch.newRoot, newStateHash: batch.newStateHash, builtAt: Date.now(),
  };
  store.commitBuilt({ record, batch, before: head, after: built.state, rejected: [] });
  return record;
}

/** Proves stored batch `n` with the test's own Prover and stores the proof (`proven`). */
async function writeProven(store: SequencerStore, n: number): Promise<void> {
  const result = await prover.prove(store.batchInput(suite, n));
  store.updateBatch(n, 'proven', { proof: { proof: result.proof, publicSignals: result.publicSignals }, proveMs: 1, provenAt: Date.now() });
}

/** Sends stored proven batch `n` to L1 as the node would have before it was killed; returns the L1 transaction hash. */
async function sendToL1(store: SequencerStore, n: number): Promise<string> {
  const proof = store.batch(n)!.proof!;
  const result = await client.submitBatch(store.batchInput(suite, n), toSolidityCalldata(proof.proof as never, proof.publicSignals), { confirmations: 1 });
  return result.txHash;
}

/** Opens a Sequencer on the database, runs it until every batch it holds settled, stops it and returns its events. */
async function recover(): Promise<NodeEvent[]> {
  const events: NodeEvent[] = [];
  const node = await Sequencer.open({
    connection, deployment: client.deployment, genesis, dbFile, artifactsDir, maxWaitMs: 600_000, pollIntervalMs: 50, signatureThreads: 1, onEvent: (e) => events.push(e),
  });
  try {
    await node.start();
    const deadline = Date.now() + 180_000;
    for (;;) {
      const { batches } = node.status();
      if (batches.built > 0 && batches.settled === batches.built) break;
      if (Date.now() > deadline) throw new Error(`the node did not settle its batches; events: ${JSON.stringify(events)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await client.stateHash()).toBe(node.headState.stateHash);
    expect(Number(await client.batchNumber())).toBe(node.status().batches.built);
    return events;
  } finally {
    await node.stop();
  }
}

const numbersOf = (events: NodeEvent[], kind: NodeEvent['event']) => events.filter((e) => e.event === kind).map((e) => (e as { batchNumber: number }).batchNumber);

describe('Sequencer recovery at open', () => {
  it('proves, submits and settles a batch stored as built', async () => {
    const store = SequencerStore.open(dbFile, identity, genesis);
    const record = writeBuilt(store);
    store.close();
    const events = await recover();
    expect(numbersOf(events, 'proving')).toEqual([1]);
    expect(numbersOf(events, 'batch-submitted')).toEqual([1]);
    expect(numbersOf(events, 'batch-settled')).toEqual([1]);
    const reopened = SequencerStore.open(dbFile, identity, genesis);
    for (const id of record.transactionIds) expect(reopened.transaction(id)).toMatchObject({ status: 'settled', batchNumber: 1 });
    reopened.close();
  });

  it('submits a batch stored as proven that L1 does not hold, without proving it again', async () => {
    const store = SequencerStore.open(dbFile, identity, genesis);
    writeBuilt(store);
    await writeProven(store, 2);
    store.close();
    const events = await recover();
    expect(numbersOf(events, 'proving')).toEqual([]);
    expect(numbersOf(events, 'batch-submitted')).toEqual([2]);
    expect(numbersOf(events, 'batch-settled')).toEqual([2]);
  });

  it('settles a submitted batch and a proven one that L1 holds already, sending nothing again', async () => {
    const store = SequencerStore.open(dbFile, identity, genesis);
    writeBuilt(store);
    writeBuilt(store);
    await writeProven(store, 3);
    await writeProven(store, 4);
    // Batch 3: killed after its transaction hash was stored. Batch 4: killed after sending, before the hash was stored.
    store.updateBatch(3, 'submitted', { l1TxHash: await sendToL1(store, 3) });
    const sent4 = await sendToL1(store, 4);
    store.close();
    const sequencerAddress = await connection.signer.getAddress();
    const sentBefore = await connection.provider.getTransactionCount(sequencerAddress, 'latest');
    const events = await recover();
    expect(await connection.provider.getTransactionCount(sequencerAddress, 'latest')).toBe(sentBefore);
    expect(numbersOf(events, 'proving')).toEqual([]);
    expect(numbersOf(events, 'batch-submitted')).toEqual([]);
    expect(numbersOf(events, 'batch-settled').sort()).toEqual([3, 4]);
    const reopened = SequencerStore.open(dbFile, identity, genesis);
    expect(reopened.batch(4)).toMatchObject({ status: 'settled', l1TxHash: sent4 });
    expect(reopened.transaction(reopened.batch(3)!.transactionIds[0])?.status).toBe('settled');
    reopened.close();
  });
});
