/**
 * The L1 synchronizer and the rebuild from L1 on the in-process Hardhat chain, with a real Rollup
 * whose verifier is the four-input toy circuit's (real snarkjs proofs of each batch's public inputs):
 * an operator builds batches with deposits, a deposit to an existing account, forced exits (paid out
 * and refused) and withdrawals; the rebuild from genesis and L1 data equals its state, at any page
 * size; the synchronizer respects confirmations, pages of one block, and reports and repairs a
 * reorganisation made with evm_snapshot / evm_revert.
 */
import { type BrowserProvider, type Signer } from 'ethers';
import { isZkrError } from '@zkr/errors';
import { connect, deploy, type L1Connection, predictDeployment, type RollupClient } from '@zkr/l1';
import { buildBatch, type RollupState, type SignedTransfer, type SignedWithdrawal } from '@zkr/state';
import { genesis, proveToy, signAll, signWithdrawals, terminateCurve, testKey, TOY_SIZE, toyCeremony, type Fixture, type ToyArtifacts, type TransferSpec, type WithdrawalSpec } from '@zkr/test-helpers';
import { SEQUENCER_ERROR_CODES } from '../errors';
import { MemoryCheckpoint } from './checkpoint';
import { rebuildFromL1 } from './rebuild';
import { L1Synchronizer, type SyncUpdate } from './synchronizer';

const DEPTH = 4;
const SIZE = 2;

let fx: ToyArtifacts;
let connection: L1Connection;
let provider: BrowserProvider;
/** Hardhat accounts 1..3: the L1 owners of accounts 1 and 2, and a depositor with no account. */
let owner1: Signer;
let owner2: Signer;
let depositor: Signer;
let client: RollupClient;
let start: Fixture;
/** The operator's state after every batch it submitted. */
let operator: RollupState;

const addressOf = async (signer: Signer) => BigInt(await signer.getAddress());

/** Builds, proves and submits the next batch: what the queue holds from the state's position on, then `transfers` and `withdrawals`. */
async function submitNext(transfers: readonly SignedTransfer[] = [], withdrawals: readonly SignedWithdrawal[] = []): Promise<void> {
  const queue = await client.queueOperations({ fromPosition: operator.queueCount });
  const built = buildBatch(operator, transfers, { batchSize: SIZE, feeRecipient: 0, queue, withdrawals });
  expect([built.rejected, built.rejectedWithdrawals]).toEqual([[], []]);
  const { batch } = built;
  await client.submitBatch(batch, await proveToy(fx, [batch.newStateHash, batch.dataHash, batch.oldQueueHash, batch.newQueueHash]));
  operator = built.state;
}

/** Transfers and withdrawals signed on the operator's current state. */
function signed(transfers: readonly TransferSpec[], withdrawals: readonly WithdrawalSpec[] = []): [SignedTransfer[], SignedWithdrawal[]] {
  const at = { ...start, state: operator };
  return [signAll(at, transfers), signWithdrawals(at, withdrawals, transfers)];
}

function summary(state: RollupState) {
  return { root: state.root, stateHash: state.stateHash, batchCount: state.batchCount, queueCount: state.queueCount, queueHash: state.queueHash, accounts: [...state.accounts()] };
}

/** What `promise` resolves to, or the error code it rejects with and its details. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then((value) => value, (error: unknown) => (isZkrError(error) ? { code: error.code, details: error.details } : error));
}

/** The code of the error `run` throws. */
function codeOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return isZkrError(error) ? error.code : error;
  }
  return 'no error';
}

async function rpc(method: string, params: unknown[] = []): Promise<unknown> {
  return provider.send(method, params) as Promise<unknown>;
}

beforeAll(async () => {
  fx = await toyCeremony(TOY_SIZE, { inputs: 4 });
  connection = await connect();
  provider = connection.provider as BrowserProvider;
  [owner1, owner2, depositor] = await Promise.all([1, 2, 3].map((i) => provider.getSigner(i)));
  const { domain } = await predictDeployment(connection, 1);
  start = await genesis(DEPTH, [
    { index: 0, balance: 1000n, owner: 0n },
    { index: 1, balance: 1000n, owner: await addressOf(owner1) },
    { index: 2, balance: 1000n, owner: await addressOf(owner2) },
  ], domain);
  client = await deploy({ connection, genesis: start.state, verifiers: [{ batchSize: SIZE, artifactsDir: fx.dir }] });
  operator = start.state;

  // Batch 1: a deposit to a new account (index 3), a transfer, a withdrawal to owner1.
  await client.withSigner(depositor).deposit({ publicKey: testKey(start.suite, 3).publicKey, amount: 50n });
  await submitNext(...signed([{ from: 2, to: 1, amount: 10n, fee: 2n }], [{ from: 1, amount: 7n, fee: 1n, address: await addressOf(owner1) }]));
  // Batch 2: a deposit to account 1 (and an exit of account 2 by its owner queued behind it); the new account pays.
  await client.withSigner(depositor).depositTo({ index: 1, amount: 5n });
  await client.withSigner(owner2).requestExit({ index: 2 });
  await submitNext(...signed([{ from: 3, to: 0, amount: 20n, fee: 1n }]));
  // Batch 3: the exit pays account 2 out; batch 4: an exit of account 1 asked by someone else is refused (NOT_OWNER).
  await client.withSigner(depositor).requestExit({ index: 1 });
  await submitNext();
  await submitNext(...signed([], [{ from: 3, amount: 9n, fee: 0n, address: await addressOf(depositor) }]));
});

afterAll(terminateCurve);

describe('rebuildFromL1', () => {
  test('replays every batch from genesis, the queue events and calldata: the operator\'s state, at any page size', async () => {
    expect([operator.batchCount, operator.queueCount, operator.account(2)!.balance, operator.account(1)!.balance]).toEqual([4, 4, 0n, 1000n + 10n - 8n + 5n]);
    const progress: number[] = [];
    const rebuilt = await rebuildFromL1({ connection, deployment: client.deployment, genesis: start.state, onProgress: (p) => progress.push(p.batchNumber) });
    expect([rebuilt.batches, rebuilt.matches, rebuilt.stateHashOnChain]).toEqual([4, true, await client.stateHash()]);
    expect(summary(rebuilt.state)).toEqual(summary(operator));
    expect(progress).toEqual([1, 2, 3, 4]);
    const paged = await rebuildFromL1({ connection, deployment: client.deployment, genesis: start.state, pageBlocks: 1 });
    expect(summary(paged.state)).toEqual(summary(operator));
  });

  test('a genesis that is not the rollup\'s: STATE_MISMATCH naming the parameter, or the first batch whose state hash differs', async () => {
    const other = await genesis(DEPTH, [{ index: 0, balance: 999n, owner: 0n }, { index: 1, balance: 1000n }, { index: 2, balance: 1000n }], start.state.domain);
    const result = await failure(rebuildFromL1({ connection, deployment: client.deployment, genesis: other.state }));
    expect(result).toMatchObject({ code: 'STATE_MISMATCH', details: { batchNumber: 1n } });
    const foreign = await genesis(DEPTH, [{ index: 0, balance: 1000n }], 5n);
    expect(await failure(rebuildFromL1({ connection, deployment: client.deployment, genesis: foreign.state }))).toMatchObject({ code: 'STATE_MISMATCH', details: { field: 'domain' } });
  });
});

describe('L1Synchronizer', () => {
  test('catches up in pages of one block: every queue and batch event once, in order, up to the head', async () => {
    const checkpoint = new MemoryCheckpoint();
    const sync = new L1Synchronizer(client, checkpoint, { pageBlocks: 1 });
    const update = await sync.poll();
    expect(update.synced).toBe(await client.latestBlock());
    expect(update.reorg).toBeUndefined();
    expect(update.events.queue.map((e) => [e.operation.position, e.operation.kind, e.publicKey !== undefined])).toEqual([[0, 1, true], [1, 2, false], [2, 3, false], [3, 3, false]]);
    expect(update.events.batches.map((b) => b.batchNumber)).toEqual([1n, 2n, 3n, 4n]);
    expect(checkpoint.load()).toEqual({ block: update.synced, hash: await client.blockHash(update.synced) });
    const again = await sync.poll();
    expect([again.synced, again.events]).toEqual([update.synced, { queue: [], batches: [] }]);
  });

  test('confirmations: a block is processed once it has `confirmations` blocks on top of it, itself included', async () => {
    const checkpoint = new MemoryCheckpoint();
    const sync = new L1Synchronizer(client, checkpoint, { confirmations: 3 });
    const queued = await client.withSigner(depositor).depositTo({ index: 3, amount: 1n });
    const first = await sync.poll();
    expect([first.head, first.synced]).toEqual([queued.blockNumber, queued.blockNumber - 2]);
    expect(first.events.queue.map((e) => e.operation.position)).toEqual([0, 1, 2, 3]);
    await rpc('evm_mine');
    expect((await sync.poll()).events.queue).toEqual([]);
    await rpc('evm_mine');
    const confirmed = await sync.poll();
    expect([confirmed.synced, confirmed.events.queue.map((e) => e.operation)]).toEqual([queued.blockNumber, [queued.operation]]);
  });

  test('a reorganisation of processed blocks: poll reports the fork block, rewinds the checkpoint, then follows the new chain', async () => {
    const checkpoint = new MemoryCheckpoint();
    const sync = new L1Synchronizer(client, checkpoint);
    await sync.poll();
    const snapshot = await rpc('evm_snapshot');
    const base = await client.latestBlock();
    const dropped = await client.withSigner(depositor).depositTo({ index: 3, amount: 11n });
    await rpc('evm_mine');
    const before = await sync.poll();
    expect([before.synced, before.events.queue.map((e) => e.operation)]).toEqual([base + 2, [dropped.operation]]);

    expect(await rpc('evm_revert', [snapshot])).toBe(true);
    const kept = await client.withSigner(depositor).depositTo({ index: 3, amount: 12n });
    expect(kept.blockNumber).toBe(base + 1);
    await rpc('evm_mine');
    await rpc('evm_mine');
    const reorg = await sync.poll();
    expect([reorg.reorg, reorg.synced, reorg.events]).toEqual([{ forkBlock: base + 1 }, base, { queue: [], batches: [] }]);
    expect(checkpoint.load()).toEqual({ block: base, hash: await client.blockHash(base) });
    expect(checkpoint.queue.map((e) => e.operation)).not.toContainEqual(dropped.operation);
    const after = await sync.poll();
    expect([after.reorg, after.synced, after.events.queue.map((e) => e.operation)]).toEqual([undefined, base + 3, [kept.operation]]);
    expect(checkpoint.queue.at(-1)!.operation).toEqual(kept.operation);
  });

  test('a reorganisation of maxReorgDepth processed blocks is repaired; one block deeper is REORG_TOO_DEEP', async () => {
    const sync = new L1Synchronizer(client, new MemoryCheckpoint(), { maxReorgDepth: 2 });
    /** Replaces the last `depth` blocks (processed by a poll) by as many others, each with a transaction the first ones did not hold, and polls. */
    const replace = async (depth: number): Promise<unknown> => {
      await sync.poll();
      const snapshot = await rpc('evm_snapshot');
      for (let i = 0; i < depth; i++) await rpc('evm_mine');
      await sync.poll();
      await rpc('evm_revert', [snapshot]);
      for (let i = 0; i < depth; i++) await (await depositor.sendTransaction({ to: await owner1.getAddress(), value: 1n })).wait();
      return failure(sync.poll());
    };
    const base = await client.latestBlock();
    expect(await replace(2)).toMatchObject({ reorg: { forkBlock: base + 1 }, synced: base });
    const error = await replace(3);
    expect(error).toMatchObject({ code: 'REORG_TOO_DEEP', details: { lastBlock: base + 5, lowestChecked: base + 3, maxReorgDepth: 2 } });
    expect(SEQUENCER_ERROR_CODES).toContain((error as { code: string }).code);
  });

  test('start() polls until stop(), handing on each update; refuses a second start and bad options', async () => {
    const sync = new L1Synchronizer(client, new MemoryCheckpoint(), { pollIntervalMs: 5 });
    const queued = new Promise<SyncUpdate>((resolve, reject) => {
      sync.start((update) => {
        if (update.events.queue.some((e) => e.operation.amount === 13n)) resolve(update);
      }, reject);
    });
    expect(codeOf(() => sync.start(() => undefined, () => undefined))).toBe('ALREADY_RUNNING');
    const deposit = await client.withSigner(depositor).depositTo({ index: 3, amount: 13n });
    expect((await queued).events.queue.map((e) => e.operation)).toContainEqual(deposit.operation);
    await sync.stop();
    expect(codeOf(() => new L1Synchronizer(client, new MemoryCheckpoint(), { confirmations: 0 }))).toBe('INVALID_ARGUMENT');
  });
});
