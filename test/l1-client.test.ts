/**
 * @zkr/l1 with real @zkr/state batches and real contracts (protocol version 3): deposits, exits and
 * the queue read from L1, batches built by `buildBatch` that consume it, proved for their four public
 * inputs [newStateHash, dataHash, oldQueueHash, newQueueHash] with the four-input toy circuit (real
 * snarkjs), claims of the credits, the escape hatch on the chain clock, refunds, rebuilding batches
 * from L1 (events plus calldata), the client's pre-checks, the mapping of the contracts' reverts and
 * the deployment checks.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { BrowserProvider, Contract, ContractFactory, type Eip1193Provider, getCreateAddress, type Signer, ZeroAddress } from 'ethers';
import { Rollup } from '@zkr/contracts';
import {
  connect, CONTRACT_ERRORS, type ContractErrorName, DEFAULT_EXODUS_DELAY, deploy, type Deployment, exodusProofOf, type L1Connection, predictDeployment, readDeploymentFile, RollupClient,
  toZkrError, writeDeploymentFile,
} from '@zkr/l1';
import {
  type Batch, batchDataHeaderBytes, buildBatch, computeDomain, createCryptoSuite, type CryptoSuite, dataHashOf, decodeBatchData, type KeyPair, type QueueOperation,
  queueHashOf, RollupState, signTransfer, signWithdrawal, stateHashOf,
} from '@zkr/state';
import { compileFixtureContract, proveToy, terminateCurve, testKey, TOY_SIZE, toyCeremony, type ToyArtifacts } from '@zkr/test-helpers';

const DEPTH = 4;
const SIZE = 2;
const UNIT = 10n ** 9n;

let fx: ToyArtifacts;
let connection: L1Connection;
let provider: BrowserProvider;
let suite: CryptoSuite;
let keys: KeyPair[];
/** Hardhat accounts 1..3: the L1 owners of genesis accounts 1 and 2, and a depositor with no account. */
let owner1: Signer;
let owner2: Signer;
let depositor: Signer;
let client: RollupClient;

const addressOf = async (signer: Signer) => BigInt(await signer.getAddress());

/** Accounts 0 (no L1 owner, the fee recipient), 1 and 2 (owned by owner1, owner2), 1000 each. */
async function genesis(domain: bigint, params: { depth?: number; queuePositions?: number } = {}): Promise<RollupState> {
  const owners = [0n, await addressOf(owner1), await addressOf(owner2)];
  return RollupState.genesis(suite, {
    depth: params.depth ?? DEPTH,
    domain,
    queuePositions: params.queuePositions,
    accounts: owners.map((owner, index) => ({ index, account: { publicKey: keys[index].publicKey, balance: 1000n, nonce: 0n, owner } })),
  });
}

/** The toy proof of `batch`'s four public inputs. */
function proofOf(batch: Batch) {
  return proveToy(fx, [batch.newStateHash, batch.dataHash, batch.oldQueueHash, batch.newQueueHash]);
}

async function deployOn(state: RollupState, options: { exodusDelay?: number } = {}): Promise<RollupClient> {
  return deploy({ connection, genesis: state, verifiers: [{ batchSize: SIZE, artifactsDir: fx.dir }], ...options });
}

/** A fresh rollup (genesis accounts 0..2) whose deployment domain its state carries. */
async function freshRollup(options: { exodusDelay?: number } = {}): Promise<{ rollup: RollupClient; state: RollupState }> {
  const { domain } = await predictDeployment(connection, 1);
  const state = await genesis(domain);
  const rollup = await deployOn(state, options);
  expect(rollup.deployment.domain).toBe(domain);
  return { rollup, state };
}

/** Builds, proves and submits the next batch on `state`, consuming what the rollup's queue holds from `state.queueCount`. */
async function settle(rollup: RollupClient, state: RollupState) {
  const queue = await rollup.queueOperations({ fromPosition: state.queueCount });
  const built = buildBatch(state, [], { batchSize: SIZE, feeRecipient: 0, queue });
  await rollup.submitBatch(built.batch, await proofOf(built.batch));
  return built;
}

beforeAll(async () => {
  fx = await toyCeremony(TOY_SIZE, { inputs: 4 });
  connection = await connect();
  provider = connection.provider as BrowserProvider;
  [owner1, owner2, depositor] = await Promise.all([1, 2, 3].map((i) => provider.getSigner(i)));
  suite = await createCryptoSuite();
  keys = Array.from({ length: 6 }, (_, i) => testKey(suite, i));
  ({ rollup: client } = await freshRollup());
});

afterAll(terminateCurve);

test('the rollup starts at the genesis state of @zkr/state: no batch, an empty queue, the genesis parameters and ETH at 10^9 wei per unit', async () => {
  const state = await genesis(client.deployment.domain);
  expect(await client.stateHash()).toBe(stateHashOf(suite, client.deployment.domain, state.root));
  expect(await client.batchNumber()).toBe(0n);
  expect([await client.queueLength(), await client.consumed(), await client.nextIndex(), await client.exodus()]).toEqual([0, 0, 3, false]);
  expect(await client.queueOperations()).toEqual([]);
  expect(await client.exodusDueAt()).toBeUndefined();
  expect(await client.queueHashAt(0)).toBe(0n);
  await expect(client.queueHashAt(1)).rejects.toMatchObject({ code: 'QUEUE_POSITION_OUT_OF_RANGE', details: { error: 'Rollup__QueuePositionOutOfRange' } });
  const d = client.deployment;
  expect([d.depth, d.queuePositions, d.withdrawalPositions, d.nextIndex, d.token, d.unit, d.exodusDelay]).toEqual([DEPTH, 1, 1, 3, undefined, UNIT, DEFAULT_EXODUS_DELAY]);
  expect(await client.claimable(await owner1.getAddress())).toBe(0n);
});

describe('money in and out through one rollup', () => {
  let state: RollupState;
  let firstDeposit: QueueOperation;
  /** Every batch the rollup accepted, in order. */
  const submitted: Batch[] = [];

  test('a deposit pays amount·unit and is queued; queueOperations reads it back with its queue hash checked', async () => {
    state = await genesis(client.deployment.domain);
    const before = await client.l1Balance(await depositor.getAddress());
    const queued = await client.withSigner(depositor).deposit({ publicKey: keys[3].publicKey, amount: 50n });
    expect([queued.position, queued.index, queued.approval]).toEqual([0, 3, undefined]);
    const tx = await provider.getTransaction(queued.txHash);
    expect(tx!.value).toBe(50n * UNIT);
    expect(before - (await client.l1Balance(await depositor.getAddress()))).toBe(50n * UNIT + queued.gasUsed * tx!.gasPrice);
    expect(await provider.getBalance(client.deployment.rollup)).toBe(50n * UNIT);
    firstDeposit = queued.operation;
    expect(firstDeposit).toEqual({
      position: 0, kind: 1, index: 3, amount: 50n, address: await addressOf(depositor), publicKey: keys[3].publicKey,
      time: (await provider.getBlock(queued.blockNumber))!.timestamp,
    });
    expect(await client.queueOperations()).toEqual([firstDeposit]);
    expect(await client.queueHashAt(1)).toBe(queueHashOf(suite, [firstDeposit]));
    expect([await client.queueLength(), await client.consumed(), await client.nextIndex()]).toEqual([1, 0, 4]);
    expect(await client.exodusDueAt()).toBe(firstDeposit.time + DEFAULT_EXODUS_DELAY);
  });

  test('a batch consuming the deposit, with a withdrawal, is accepted; the withdrawal is claimable and claimed', async () => {
    const recipient = await owner1.getAddress();
    const withdrawal = signWithdrawal(suite, keys[1].privateKey, state.domain, { from: 1, address: BigInt(recipient), amount: 7n, fee: 1n, nonce: 0n });
    const transfer = signTransfer(suite, keys[2].privateKey, state.domain, { from: 2, to: 1, amount: 10n, fee: 2n, nonce: 0n });
    const built = buildBatch(state, [transfer], { batchSize: SIZE, feeRecipient: 0, queue: await client.queueOperations(), withdrawals: [withdrawal] });
    expect([built.batch.queueStart, built.batch.queueCount, built.queueOutcomes.map((o) => o.outcome)]).toEqual([0, 1, ['applied']]);
    const result = await client.submitBatch(built.batch, await proofOf(built.batch));
    expect([result.batchNumber, result.queueCount, result.slots]).toEqual([1n, 1, SIZE]);
    submitted.push(built.batch);
    state = built.state;
    expect([await client.stateHash(), await client.consumed()]).toEqual([state.stateHash, 1]);
    expect(state.account(3)).toEqual({ publicKey: keys[3].publicKey, balance: 50n, nonce: 0n, owner: await addressOf(depositor) });
    expect(await client.exodusDueAt()).toBeUndefined();

    expect(await client.claimable(recipient)).toBe(7n * UNIT);
    const before = await client.l1Balance(recipient);
    const claimed = await client.withSigner(owner1).claim();
    expect(claimed.amount).toBe(7n * UNIT);
    const gas = claimed.gasUsed * (await provider.getTransaction(claimed.txHash))!.gasPrice;
    expect((await client.l1Balance(recipient)) - before).toBe(7n * UNIT - gas);
    expect(await client.claimable(recipient)).toBe(0n);
    await expect(client.withSigner(owner1).claim()).rejects.toMatchObject({ code: 'NOTHING_TO_CLAIM', details: { error: 'Rollup__NothingToClaim' } });
  });

  test('a deposit to an existing account and a forced exit by the owner are consumed one per batch (Q = 1); the exit pays the balance out', async () => {
    const toExisting = await client.withSigner(depositor).depositTo({ index: 1, amount: 5n });
    const exit = await client.withSigner(owner2).requestExit({ index: 2 });
    expect([toExisting.position, toExisting.index, toExisting.operation.kind, exit.position, exit.index, exit.operation.kind, exit.operation.amount]).toEqual([1, 1, 2, 2, 2, 3, 0n]);
    expect(await client.queueOperations({ fromPosition: 1 })).toEqual([toExisting.operation, exit.operation]);
    expect((await client.queueOperations()).map((op) => op.position)).toEqual([0, 1, 2]);
    const balance1 = state.account(1)!.balance;
    const balance2 = state.account(2)!.balance;

    const second = await settle(client, state);
    expect([second.batch.queueStart, second.batch.queueCount, second.queueOutcomes.map((o) => o.outcome)]).toEqual([1, 1, ['applied']]);
    state = second.state;
    expect(state.account(1)!.balance).toBe(balance1 + 5n);
    const third = await settle(client, state);
    expect([third.batch.queueStart, third.queueOutcomes.map((o) => o.outcome)]).toEqual([2, ['applied']]);
    state = third.state;
    submitted.push(second.batch, third.batch);
    expect(state.account(2)!.balance).toBe(0n);
    expect(await client.claimable(await owner2.getAddress())).toBe(balance2 * UNIT);
    expect([await client.consumed(), await client.batchNumber()]).toEqual([3, 3n]);
  });

  test('batchEvents give each batch\'s consumed count, queue count, fee recipient and bytes: with the previous state hash they rebuild its batch data', async () => {
    const events = await client.batchEvents();
    expect(events.map((e) => [e.batchNumber, e.consumed, e.queueCount, e.feeRecipient])).toEqual([
      [1n, 1, 1, 0],
      [2n, 2, 1, 0],
      [3n, 3, 1, 0],
    ]);
    let stateHash = (await genesis(client.deployment.domain)).stateHash;
    for (const [i, event] of events.entries()) {
      // D = 4: one-byte indices, so the header is 32 + 4 + 1 bytes.
      const header = Buffer.alloc(batchDataHeaderBytes(DEPTH));
      header.write(stateHash.toString(16).padStart(64, '0'), 0, 'hex');
      header.writeUInt32BE(Number(event.batchNumber), 32);
      header.writeUInt8(event.feeRecipient, 36);
      const batchData = Buffer.concat([header, event.txData]);
      expect(batchData.equals(Buffer.from(submitted[i].batchData))).toBe(true);
      expect(dataHashOf(batchData)).toBe(submitted[i].dataHash);
      expect(event.consumed).toBe(submitted[i].queueStart + submitted[i].queueCount);
      stateHash = event.newStateHash;
    }
    // The first batch's public credits: the consumed deposit (applied, so 0) and the withdrawal to owner1.
    const first = decodeBatchData(Buffer.from(submitted[0].batchData), { depth: DEPTH, queuePositions: 1, withdrawalPositions: 1 });
    expect([first.queue, first.withdrawals]).toEqual([
      [{ address: await addressOf(depositor), amount: 0n }],
      [{ kind: 2, from: 1, amount: 7n, fee: 1n, address: await addressOf(owner1) }],
    ]);
  });

  test('submitBatch pre-checks: parameters, proof inputs, queue start and queue hashes, before sending', async () => {
    const nonce = await connection.signer.getNonce();
    await client.withSigner(depositor).deposit({ publicKey: keys[4].publicKey, amount: 3n });
    const queue = await client.queueOperations({ fromPosition: state.queueCount });
    const { batch } = buildBatch(state, [], { batchSize: SIZE, feeRecipient: 0, queue });
    const proof = await proofOf(batch);

    const foreign = buildBatch(await genesis(12345n), [], { batchSize: SIZE, feeRecipient: 0 }).batch;
    await expect(client.submitBatch(foreign, await proofOf(foreign))).rejects.toMatchObject({ code: 'DOMAIN_MISMATCH' });
    const deep = buildBatch(await genesis(state.domain, { depth: DEPTH + 2 }), [], { batchSize: SIZE, feeRecipient: 0 }).batch;
    await expect(client.submitBatch(deep, await proofOf(deep))).rejects.toMatchObject({ code: 'DEPTH_MISMATCH', details: { batchDepth: DEPTH + 2, rollupDepth: DEPTH } });
    const batchData = Uint8Array.from(batch.batchData);
    batchData[batchDataHeaderBytes(DEPTH)] ^= 1;
    for (const altered of [{ ...batch, batchData }, { ...batch, batchNumber: batch.batchNumber + 1 }, { ...batch, feeRecipient: 1 }, { ...batch, dataHash: batch.dataHash ^ 1n }, { ...batch, oldStateHash: batch.oldStateHash ^ 1n }]) {
      await expect(client.submitBatch(altered, proof)).rejects.toMatchObject({ code: 'BATCH_INCONSISTENT' });
    }
    // A batch of a used number (built on genesis) and one at the right number on another history.
    const replayed = buildBatch(await genesis(state.domain), [], { batchSize: SIZE, feeRecipient: 0 }).batch;
    await expect(client.submitBatch(replayed, await proofOf(replayed))).rejects.toMatchObject({ code: 'WRONG_BATCH_NUMBER', details: { expected: 4n, given: 1n } });
    const elsewhere = RollupState.genesis(suite, { depth: DEPTH, domain: state.domain, accounts: [{ index: 0, account: { ...state.account(0)!, balance: 999n } }] })
      .withCounters({ batchCount: state.batchCount, queueCount: state.queueCount, queueHash: state.queueHash });
    const forked = buildBatch(elsewhere, [], { batchSize: SIZE, feeRecipient: 0, queue }).batch;
    expect(forked.batchNumber).toBe(batch.batchNumber);
    await expect(client.submitBatch(forked, await proofOf(forked))).rejects.toMatchObject({
      code: 'STATE_MISMATCH', details: { batchStateHash: forked.oldStateHash, rollupStateHash: state.stateHash },
    });
    const twoPositions = RollupState.genesis(suite, { depth: DEPTH, domain: state.domain, queuePositions: 2, accounts: [{ index: 0, account: state.account(0)! }] });
    const wide = buildBatch(twoPositions, [], { batchSize: SIZE, feeRecipient: 0 }).batch;
    await expect(client.submitBatch(wide, await proofOf(wide))).rejects.toMatchObject({ code: 'PARAMETER_MISMATCH', details: { field: 'queuePositions', batch: 2, rollup: 1 } });
    await expect(client.submitBatch(batch, await proveToy(fx, [batch.newStateHash, batch.dataHash, batch.oldQueueHash, batch.newQueueHash + 1n]))).rejects.toMatchObject({ code: 'PROOF_MISMATCH' });
    await expect(client.submitBatch(batch, { ...proof, input: [batch.newStateHash, batch.dataHash] })).rejects.toMatchObject({ code: 'PROOF_MISMATCH' });
    await expect(client.submitBatch({ ...batch, queueCount: 2 }, proof)).rejects.toMatchObject({ code: 'BATCH_INCONSISTENT' });
    await expect(client.submitBatch({ ...batch, queueStart: batch.queueStart - 1 }, proof)).rejects.toMatchObject({ code: 'QUEUE_MISMATCH', details: { field: 'queueStart', expected: 3, given: 2 } });
    await expect(client.submitBatch({ ...batch, oldQueueHash: batch.oldQueueHash ^ 1n }, await proveToy(fx, [batch.newStateHash, batch.dataHash, batch.oldQueueHash ^ 1n, batch.newQueueHash]))).rejects.toMatchObject({
      code: 'QUEUE_MISMATCH', details: { field: 'oldQueueHash' },
    });
    await expect(client.submitBatch({ ...batch, newQueueHash: batch.newQueueHash ^ 1n }, await proveToy(fx, [batch.newStateHash, batch.dataHash, batch.oldQueueHash, batch.newQueueHash ^ 1n]))).rejects.toMatchObject({
      code: 'QUEUE_MISMATCH', details: { field: 'newQueueHash' },
    });
    expect(await connection.signer.getNonce()).toBe(nonce);
    // The contract itself: consuming more than its queue holds is QueueCountOutOfRange.
    const tx = await provider.getTransaction((await client.batchEvents()).at(-1)!.txHash);
    const call = client.iface.parseTransaction({ data: tx!.data })!;
    const raw = { batchNumber: BigInt(batch.batchNumber), newStateHash: batch.newStateHash, feeRecipient: 0, queueCount: 2, txData: Buffer.from(batch.batchData.subarray(batchDataHeaderBytes(DEPTH))), proof: { a: call.args[5][0], b: call.args[5][1], c: call.args[5][2] } };
    await expect(client.submit(raw)).rejects.toMatchObject({ code: 'QUEUE_COUNT_OUT_OF_RANGE', details: { error: 'Rollup__QueueCountOutOfRange' } });
    // Finally the honest batch is accepted.
    await client.submitBatch(batch, proof);
    state = buildBatch(state, [], { batchSize: SIZE, feeRecipient: 0, queue }).state;
    expect([await client.stateHash(), await client.consumed()]).toEqual([state.stateHash, 4]);
    // An operation the rollup never queued (the queue is fully consumed): QUEUE_MISMATCH before sending.
    const invented = buildBatch(state, [], { batchSize: SIZE, feeRecipient: 0, queue: [{ ...queue[0], position: 4 }] }).batch;
    await expect(client.submitBatch(invented, await proofOf(invented))).rejects.toMatchObject({ code: 'QUEUE_MISMATCH', details: { field: 'queueCount', expected: 0, given: 1 } });
  });

  test('the contract itself refuses a replayed batch sent raw (WRONG_BATCH_NUMBER) and renumbered (INVALID_PROOF)', async () => {
    const last = (await client.batchEvents()).at(-1)!;
    const call = client.iface.parseTransaction({ data: (await provider.getTransaction(last.txHash))!.data })!;
    const proof = { a: call.args[5][0], b: call.args[5][1], c: call.args[5][2] } as const;
    const raw = { batchNumber: last.batchNumber, newStateHash: last.newStateHash, feeRecipient: last.feeRecipient, queueCount: last.queueCount, txData: last.txData, proof };
    await expect(client.submit(raw)).rejects.toMatchObject({ code: 'WRONG_BATCH_NUMBER', details: { error: 'Rollup__WrongBatchNumber' } });
    await expect(client.submit({ ...raw, batchNumber: last.batchNumber + 1n, queueCount: 0 })).rejects.toMatchObject({ code: 'INVALID_PROOF', details: { error: 'Rollup__InvalidProof' } });
  });

  test('the contract\'s deposit checks map to their codes: key, unknown index, value, zero and unrepresentable amounts', async () => {
    const user = client.withSigner(depositor);
    const nonce = await depositor.getNonce();
    await expect(user.deposit({ publicKey: [1n] as unknown as [bigint, bigint], amount: 1n })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'publicKey' } });
    await expect(user.deposit({ publicKey: keys[5].publicKey, amount: -1n })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'amount' } });
    await expect(user.depositTo({ index: 16, amount: 1n })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'index' } });
    expect(await depositor.getNonce()).toBe(nonce);
    await expect(user.deposit({ publicKey: [1n, 2n], amount: 1n })).rejects.toMatchObject({ code: 'INVALID_PUBLIC_KEY', details: { error: 'Rollup__InvalidPublicKey' } });
    await expect(user.depositTo({ index: 15, amount: 1n })).rejects.toMatchObject({ code: 'UNKNOWN_ACCOUNT', details: { error: 'Rollup__UnknownAccount' } });
    await expect(user.requestExit({ index: 14 })).rejects.toMatchObject({ code: 'UNKNOWN_ACCOUNT' });
    // The client checks amounts before sending; the contract's own checks, called directly:
    await expect(user.depositTo({ index: 1, amount: 0n })).rejects.toMatchObject({ code: 'ZERO_AMOUNT' });
    await expect(user.deposit({ publicKey: keys[5].publicKey, amount: (1n << 34n) + 1n })).rejects.toMatchObject({ code: 'AMOUNT_NOT_REPRESENTABLE' });
    const raw = new Contract(client.deployment.rollup, Rollup.abi, depositor);
    const reverted = async (call: Promise<unknown>) => call.then(() => undefined, (error: unknown) => toZkrError(error, 'raw').code);
    expect(await reverted(raw.getFunction('depositTo')(1, 0n))).toBe('ZERO_AMOUNT');
    expect(await reverted(raw.getFunction('depositTo')(1, (1n << 34n) + 1n, { value: ((1n << 34n) + 1n) * UNIT }))).toBe('AMOUNT_NOT_REPRESENTABLE');
    expect(await reverted(raw.getFunction('depositTo')(1, 2n, { value: 2n * UNIT - 1n }))).toBe('WRONG_VALUE');
    expect(await client.queueLength()).toBe(4);
  });

  test('a claimer that re-enters the Rollup while paid gets its claim once; the re-entries revert with Reentrancy (REENTRANCY)', async () => {
    const artifact = compileFixtureContract('ReentrantClaimer');
    const claimer = (await (await new ContractFactory(artifact.abi, artifact.bytecode, connection.signer).deploy(client.deployment.rollup)).waitForDeployment()) as unknown as Contract;
    const claimerAddress = await claimer.getAddress();
    const withdrawal = signWithdrawal(suite, keys[3].privateKey, state.domain, { from: 3, address: BigInt(claimerAddress), amount: 2n, fee: 0n, nonce: 0n });
    const built = buildBatch(state, [], { batchSize: SIZE, feeRecipient: 0, withdrawals: [withdrawal] });
    await client.submitBatch(built.batch, await proofOf(built.batch));
    state = built.state;
    expect(await client.claimable(claimerAddress)).toBe(2n * UNIT);
    await (await claimer.getFunction('claim')()).wait();
    expect([await client.claimable(claimerAddress), await provider.getBalance(claimerAddress), await claimer.getFunction('payments')()]).toEqual([0n, 2n * UNIT, 1n]);
    for (const data of [await claimer.getFunction('claimRevert')(), await claimer.getFunction('depositRevert')()] as string[]) {
      const name = client.iface.parseError(data)!.name as ContractErrorName;
      expect([name, CONTRACT_ERRORS[name].code]).toEqual(['Rollup__Reentrancy', 'REENTRANCY']);
    }
  });

  test('queueOperations refuses events that do not chain to the contract\'s queue hashes (a node dropping or altering a log): QUEUE_MISMATCH', async () => {
    // A node answering eth_getLogs with edited logs (everything else from the embedded chain).
    const tampered = async (edit: (logs: { data: string }[]) => { data: string }[]) => {
      const eip1193: Eip1193Provider = {
        request: async ({ method, params }) => {
          const result: unknown = await provider.send(method, (params as unknown[] | undefined) ?? []);
          return method === 'eth_getLogs' ? edit(result as { data: string }[]) : result;
        },
      };
      const p = new BrowserProvider(eip1193, undefined, { pollingInterval: 20, cacheTimeout: -1 });
      return RollupClient.attach(client.deployment, { ...connection, provider: p, signer: await p.getSigner(0) });
    };
    const dropped = await tampered((logs) => logs.slice(1));
    await expect(dropped.queueOperations()).rejects.toMatchObject({ code: 'QUEUE_MISMATCH', details: { position: 0, found: 1 } });
    const truncated = await tampered((logs) => logs.slice(0, -1));
    await expect(truncated.queueOperations()).rejects.toMatchObject({ code: 'QUEUE_MISMATCH', details: { position: 3 } });
    // The event data is (kind, amount, ax, ay, queueHash, time): add 1 to the first operation's amount.
    const plusOne = (data: string) => `${data.slice(0, 66)}${(BigInt(`0x${data.slice(66, 130)}`) + 1n).toString(16).padStart(64, '0')}${data.slice(130)}`;
    const altered = await tampered((logs) => logs.map((log, i) => (i === 0 ? { ...log, data: plusOne(log.data) } : log)));
    await expect(altered.queueOperations()).rejects.toMatchObject({ code: 'QUEUE_MISMATCH', details: { position: 0 } });
    expect(await client.queueOperations({ fromPosition: 2, pageBlocks: 1 })).toEqual((await client.queueOperations()).slice(2));
  });
});

test('the escape hatch on the chain clock: exodus when the queue waits longer than T, exits against the final root, refunds, claims', async () => {
  const { rollup, state: start } = await freshRollup();
  const user = rollup.withSigner(depositor);
  const first = await user.deposit({ publicKey: keys[3].publicKey, amount: 20n });
  const { state } = await settle(rollup, start);
  const pending = await user.deposit({ publicKey: keys[4].publicKey, amount: 30n });
  const exit = await rollup.withSigner(owner1).requestExit({ index: 1 });

  await expect(rollup.activateExodus()).rejects.toMatchObject({ code: 'EXODUS_NOT_DUE', details: { error: 'Rollup__ExodusNotDue' } });
  await expect(rollup.exodusWithdraw(exodusProofOf(state, 1))).rejects.toMatchObject({ code: 'NOT_IN_EXODUS' });
  await expect(rollup.refundDeposit(pending.operation)).rejects.toMatchObject({ code: 'NOT_IN_EXODUS' });
  expect(await rollup.exodusDueAt()).toBe(pending.operation.time + DEFAULT_EXODUS_DELAY);
  await provider.send('evm_increaseTime', [DEFAULT_EXODUS_DELAY - 100]);
  await provider.send('evm_mine', []);
  await expect(rollup.activateExodus()).rejects.toMatchObject({ code: 'EXODUS_NOT_DUE' });
  await provider.send('evm_increaseTime', [200]);
  await rollup.activateExodus();
  expect(await rollup.exodus()).toBe(true);

  await expect(user.deposit({ publicKey: keys[5].publicKey, amount: 1n })).rejects.toMatchObject({ code: 'EXODUS_MODE', details: { error: 'Rollup__ExodusMode' } });
  await expect(rollup.withSigner(owner2).requestExit({ index: 2 })).rejects.toMatchObject({ code: 'EXODUS_MODE' });
  const next = buildBatch(state, [], { batchSize: SIZE, feeRecipient: 0, queue: await rollup.queueOperations({ fromPosition: 1 }) }).batch;
  await expect(rollup.submitBatch(next, await proofOf(next))).rejects.toMatchObject({ code: 'EXODUS_MODE' });
  await expect(rollup.activateExodus()).rejects.toMatchObject({ code: 'EXODUS_MODE' });

  // Exits against the state of the last accepted batch: account 3 was created by the consumed deposit.
  const out = await rollup.exodusWithdraw(exodusProofOf(state, 3));
  expect([out.amount, out.owner]).toEqual([20n * UNIT, await depositor.getAddress()]);
  await expect(rollup.exodusWithdraw(exodusProofOf(state, 3))).rejects.toMatchObject({ code: 'ALREADY_EXITED' });
  await expect(rollup.exodusWithdraw(exodusProofOf(state, 0))).rejects.toMatchObject({ code: 'NO_OWNER' });
  await expect(rollup.exodusWithdraw(exodusProofOf(start, 1))).rejects.toMatchObject({ code: 'STALE_ROOT' });
  const proof1 = exodusProofOf(state, 1);
  await expect(rollup.exodusWithdraw({ ...proof1, account: { ...proof1.account, balance: proof1.account.balance + 1n } })).rejects.toMatchObject({ code: 'INVALID_MERKLE_PROOF' });
  expect((await rollup.exodusWithdraw(proof1)).amount).toBe(1000n * UNIT);

  // Refunds: only unconsumed deposits, exactly as queued, once.
  await expect(rollup.refundDeposit(first.operation)).rejects.toMatchObject({ code: 'NOT_REFUNDABLE' });
  await expect(rollup.refundDeposit(exit.operation)).rejects.toMatchObject({ code: 'NOT_REFUNDABLE' });
  await expect(rollup.refundDeposit({ ...pending.operation, amount: 31n })).rejects.toMatchObject({ code: 'QUEUE_OPERATION_MISMATCH' });
  expect((await rollup.refundDeposit(pending.operation)).amount).toBe(30n * UNIT);
  await expect(rollup.refundDeposit(pending.operation)).rejects.toMatchObject({ code: 'ALREADY_REFUNDED' });

  expect(await rollup.claimable(await depositor.getAddress())).toBe(50n * UNIT);
  expect((await user.claim()).amount).toBe(50n * UNIT);
  expect(await provider.getBalance(rollup.deployment.rollup)).toBe(0n);
  // Genesis balances have no L1 money behind them: paying owner1's exit fails, and the credit stays.
  await expect(rollup.withSigner(owner1).claim()).rejects.toMatchObject({ code: 'TRANSFER_FAILED', details: { error: 'Rollup__TransferFailed' } });
  expect(await rollup.claimable(await owner1.getAddress())).toBe(1000n * UNIT);
});

test('an ERC-20 rollup: deposits approve exactly amount·unit when the allowance is short, claims pay tokens, token failures map to their codes', async () => {
  // contracts/test/fixtures/TestToken.sol: mode 0 standard, 1 returns false, 3 keeps a 1% fee, 4 reverts.
  const artifact = compileFixtureContract('TestToken');
  const token = (await (await new ContractFactory(artifact.abi, artifact.bytecode, connection.signer).deploy(0)).waitForDeployment()) as unknown as Contract;
  const tokenAddress = await token.getAddress();
  const { domain } = await predictDeployment(connection, 1);
  const start = await genesis(domain);
  const rollup = await deploy({ connection, genesis: start, token: tokenAddress, verifiers: [{ batchSize: SIZE, artifactsDir: fx.dir }] });
  expect([rollup.deployment.token, rollup.deployment.unit]).toEqual([tokenAddress, 1n]);
  const me = await depositor.getAddress();
  await (await token.getFunction('mint')(me, 1000n)).wait();
  const user = rollup.withSigner(depositor);

  const first = await user.deposit({ publicKey: keys[3].publicKey, amount: 100n });
  expect(first.approval).toBeDefined();
  expect((await provider.getTransaction(first.txHash))!.value).toBe(0n);
  expect([await user.l1Balance(), await rollup.l1Balance(rollup.deployment.rollup), await token.getFunction('allowance')(me, rollup.deployment.rollup)]).toEqual([900n, 100n, 0n]);
  await user.approve({ amount: 500n });
  const second = await user.depositTo({ index: 1, amount: 20n });
  expect(second.approval).toBeUndefined();
  expect(await token.getFunction('allowance')(me, rollup.deployment.rollup)).toBe(480n);

  // A batch consumes the first deposit and withdraws 30 of the new account's 100 to the depositor.
  const withdrawal = signWithdrawal(suite, keys[3].privateKey, domain, { from: 3, address: BigInt(me), amount: 30n, fee: 0n, nonce: 0n });
  const built = buildBatch(start, [], { batchSize: SIZE, feeRecipient: 0, queue: await rollup.queueOperations(), withdrawals: [withdrawal] });
  await rollup.submitBatch(built.batch, await proofOf(built.batch));
  expect(await rollup.claimable(me)).toBe(30n);
  expect((await user.claim()).amount).toBe(30n);
  expect(await user.l1Balance()).toBe(910n);

  const raw = new Contract(rollup.deployment.rollup, Rollup.abi, depositor);
  await expect(raw.getFunction('depositTo')(1, 5n, { value: 5n }).catch((error: unknown) => Promise.reject(toZkrError(error, 'raw')))).rejects.toMatchObject({ code: 'WRONG_VALUE' });
  for (const mode of [1, 3]) {
    await (await token.getFunction('setMode')(mode)).wait();
    // (100 so that the 1% fee is not rounded away.)
    await expect(user.depositTo({ index: 1, amount: 100n })).rejects.toMatchObject({ code: 'TOKEN_TRANSFER_FAILED', details: { error: 'Rollup__TokenTransferFailed' } });
  }
  // A second withdrawal credit, then a token that reverts every transfer: the claim fails and the credit stays.
  await (await token.getFunction('setMode')(0)).wait();
  const again = signWithdrawal(suite, keys[3].privateKey, domain, { from: 3, address: BigInt(me), amount: 5n, fee: 0n, nonce: 1n });
  const next = buildBatch(built.state, [], { batchSize: SIZE, feeRecipient: 0, queue: await rollup.queueOperations({ fromPosition: 1 }), withdrawals: [again] });
  await rollup.submitBatch(next.batch, await proofOf(next.batch));
  await (await token.getFunction('setMode')(4)).wait();
  await expect(user.claim()).rejects.toMatchObject({ code: 'TRANSFER_FAILED', details: { error: 'Rollup__TransferFailed' } });
  expect(await rollup.claimable(me)).toBe(5n);
});

test('a batch submitted through another contract (a Forwarder sequencer) has no batch bytes in its calldata: batchEvents is INDIRECT_SUBMISSION', async () => {
  const { rollup, state } = await freshRollup();
  const artifact = compileFixtureContract('Forwarder');
  const forwarder = (await (await new ContractFactory(artifact.abi, artifact.bytecode, connection.signer).deploy()).waitForDeployment()) as unknown as Contract;
  await rollup.setSequencer(await forwarder.getAddress(), true);
  const { batch } = buildBatch(state, [], { batchSize: SIZE, feeRecipient: 0 });
  const proof = await proofOf(batch);
  const data = rollup.iface.encodeFunctionData('submitBatch', [
    batch.batchNumber, batch.newStateHash, batch.feeRecipient, batch.queueCount, batch.batchData.subarray(batchDataHeaderBytes(DEPTH)), { a: proof.a, b: proof.b, c: proof.c },
  ]);
  const tx = await (await forwarder.getFunction('forward')(rollup.deployment.rollup, data)).wait();
  expect(await rollup.batchNumber()).toBe(1n);
  await expect(rollup.batchEvents()).rejects.toMatchObject({ code: 'INDIRECT_SUBMISSION', details: { txHash: tx.hash, batchNumber: 1n } });
});

test('a depth-2 rollup with 3 of its 4 indices taken assigns the last one, then is TREE_FULL', async () => {
  const { domain } = await predictDeployment(connection, 1);
  const small = await deployOn(await genesis(domain, { depth: 2 }));
  expect((await small.deposit({ publicKey: keys[3].publicKey, amount: 1n })).index).toBe(3);
  await expect(small.deposit({ publicKey: keys[4].publicKey, amount: 1n })).rejects.toMatchObject({ code: 'TREE_FULL', details: { error: 'Rollup__TreeFull' } });
  await expect(small.approve({ amount: 1n })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'token' } });
});

describe('deployment files and attach', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zkr-l1-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('round-trips through a file and attaches to the same contract', async () => {
    const file = path.join(dir, 'deployment.json');
    await writeDeploymentFile(file, client.deployment);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ version: 3, token: null, unit: '1000000000', exodusDelay: DEFAULT_EXODUS_DELAY, nextIndex: 3 });
    const read = await readDeploymentFile(file);
    expect(read).toEqual({ ...client.deployment, rpcUrl: undefined });
    const again = await RollupClient.attach(read, connection);
    expect(await again.stateHash()).toBe(await client.stateHash());
  });

  test('rejects a file for another chain, address, domain, depth, Q, W, unit, asset or exodus delay', async () => {
    const d: Deployment = client.deployment;
    await expect(RollupClient.attach({ ...d, chainId: 1n }, connection)).rejects.toMatchObject({ code: 'CHAIN_MISMATCH' });
    await expect(RollupClient.attach({ ...d, rollup: '0x000000000000000000000000000000000000dEaD' }, connection)).rejects.toMatchObject({ code: 'DEPLOYMENT_NOT_FOUND' });
    await expect(RollupClient.attach({ ...d, domain: d.domain + 1n }, connection)).rejects.toMatchObject({ code: 'DOMAIN_MISMATCH' });
    await expect(RollupClient.attach({ ...d, depth: d.depth + 2 }, connection)).rejects.toMatchObject({ code: 'DEPTH_MISMATCH', details: { contractDepth: DEPTH, fileDepth: DEPTH + 2 } });
    for (const [field, patch] of [
      ['queuePositions', { queuePositions: 2 }],
      ['withdrawalPositions', { withdrawalPositions: 3 }],
      ['unit', { unit: 1n }],
      ['token', { token: d.hashers.poseidon2 }],
      ['exodusDelay', { exodusDelay: 60 }],
    ] as const) {
      await expect(RollupClient.attach({ ...d, ...patch }, connection)).rejects.toMatchObject({ code: 'PARAMETER_MISMATCH', details: { field } });
    }
  });

  test('reads the batch size from an artifact manifest and checks vkey.json against its hash', async () => {
    const art = path.join(dir, 'artifacts');
    fs.mkdirSync(art);
    const text = fs.readFileSync(fx.vkey, 'utf8');
    fs.writeFileSync(path.join(art, 'vkey.json'), text);
    const sha = createHash('sha256').update(text).digest('hex');
    const manifest = (circuit: object, vkey = sha) => fs.writeFileSync(path.join(art, 'manifest.json'), JSON.stringify({ circuit, files: { vkey } }));
    const g = await genesis(0n);
    manifest({ batchSize: 8 });
    const c = await deploy({ connection, genesis: g, verifiers: [{ artifactsDir: art }] });
    expect(c.deployment.verifiers.map((v) => v.batchSize)).toEqual([8]);
    await expect(deploy({ connection, genesis: g, verifiers: [{ artifactsDir: art, batchSize: 4 }] })).rejects.toMatchObject({ code: 'BATCH_SIZE_MISMATCH' });
    const nonce = await connection.signer.getNonce();
    manifest({ batchSize: 8, queuePositions: 2 });
    await expect(deploy({ connection, genesis: g, verifiers: [{ artifactsDir: art }] })).rejects.toMatchObject({
      code: 'PARAMETER_MISMATCH', details: { parameter: 'queuePositions', artifacts: 2, state: 1 },
    });
    manifest({ batchSize: 8, depth: 6 });
    await expect(deploy({ connection, genesis: g, verifiers: [{ artifactsDir: art }] })).rejects.toMatchObject({
      code: 'DEPTH_MISMATCH', details: { field: 'verifiers[0].artifactsDir', artifactsDepth: 6, stateDepth: DEPTH },
    });
    expect(await connection.signer.getNonce()).toBe(nonce);
    manifest({ batchSize: 8 }, '0'.repeat(64));
    await expect(deploy({ connection, genesis: g, verifiers: [{ artifactsDir: art }] })).rejects.toMatchObject({ code: 'ARTIFACTS_CORRUPT' });
    // A key edited after the setup no longer matches the manifest, even if it is still a valid key.
    manifest({ batchSize: 8 });
    fs.writeFileSync(path.join(art, 'vkey.json'), `${text}\n`);
    await expect(deploy({ connection, genesis: g, verifiers: [{ artifactsDir: art }] })).rejects.toMatchObject({ code: 'ARTIFACTS_CORRUPT' });
    fs.rmSync(path.join(art, 'manifest.json'));
    await expect(deploy({ connection, genesis: g, verifiers: [{ artifactsDir: art }] })).rejects.toMatchObject({ code: 'BATCH_SIZE_UNKNOWN' });
    await expect(deploy({ connection, genesis: g, verifiers: [{ artifactsDir: dir, batchSize: 1 }] })).rejects.toMatchObject({ code: 'VERIFICATION_KEY_NOT_FOUND' });
    await expect(
      deploy({ connection, genesis: g, verifiers: [{ artifactsDir: art, batchSize: 2 }, { verificationKey: JSON.parse(text), batchSize: 2 }] }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'verifiers[1].batchSize' } });
  });

  test('the Rollup constructor\'s own checks map to their codes', async () => {
    const factory = new ContractFactory(Rollup.abi, Rollup.bytecode, connection.signer);
    const config = {
      depth: DEPTH, queuePositions: 1, withdrawalPositions: 1, nextIndex: 0, exodusDelay: 1, genesisRoot: 0n, unit: 1n, token: ZeroAddress,
      poseidon2: client.deployment.hashers.poseidon2, poseidon4: client.deployment.hashers.poseidon4,
    };
    const codeOf = (patch: Partial<typeof config>) => factory.deploy({ ...config, ...patch }).then(() => 'deployed', (error: unknown) => toZkrError(error, 'deploying Rollup').code);
    expect(await codeOf({})).toBe('deployed');
    for (const [code, patch] of [
      ['INVALID_DEPTH', { depth: 3 }],
      ['INVALID_QUEUE_POSITIONS', { queuePositions: 0 }],
      ['INVALID_WITHDRAWAL_POSITIONS', { withdrawalPositions: 65 }],
      ['INVALID_UNIT', { unit: 0n }],
      ['INVALID_EXODUS_DELAY', { exodusDelay: 0 }],
      ['INDEX_OUT_OF_RANGE', { nextIndex: 2 ** DEPTH + 1 }],
      ['NOT_A_CONTRACT', { token: '0x000000000000000000000000000000000000dEaD' }],
    ] as const) {
      expect([code, await codeOf(patch)]).toEqual([code, code]);
    }
  });

  test('deploy checks the genesis and asset options before sending', async () => {
    const g = await genesis(0n);
    const nonce = await connection.signer.getNonce();
    const verifiers = [{ batchSize: SIZE, artifactsDir: fx.dir }];
    await expect(deploy({ connection, genesis: g.withCounters({ batchCount: 1, queueCount: 0, queueHash: 0n }), verifiers })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'genesis.batchCount' } });
    await expect(deploy({ connection, genesis: g.withCounters({ batchCount: 0, queueCount: 1, queueHash: 5n }), verifiers })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT', details: { field: 'genesis.queueCount' },
    });
    await expect(deploy({ connection, genesis: g, verifiers, unit: 0n })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'unit' } });
    await expect(deploy({ connection, genesis: g, verifiers, unit: 1n << 128n })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'unit' } });
    await expect(deploy({ connection, genesis: g, verifiers, token: '0x1234' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'token' } });
    await expect(deploy({ connection, genesis: g, verifiers, token: '0x000000000000000000000000000000000000dEaD' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'token' } });
    expect(await connection.signer.getNonce()).toBe(nonce);
  });
});

test('connect bounds every RPC call: a node that accepts and never answers is RPC_TIMEOUT; rpcTimeoutMs is checked', async () => {
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const rpcUrl = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  try {
    const start = Date.now();
    await expect(connect({ rpcUrl, rpcTimeoutMs: 200, privateKey: `0x${'11'.repeat(32)}` })).rejects.toMatchObject({ code: 'RPC_TIMEOUT', details: { timeoutMs: 200 } });
    expect(Date.now() - start).toBeLessThan(3000);
    await expect(connect({ rpcUrl, rpcTimeoutMs: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'rpcTimeoutMs' } });
  } finally {
    sockets.forEach((s) => s.destroy());
    await new Promise((resolve) => server.close(resolve));
  }
}, 30_000);

test('the two hashers come first, then the verifiers: with K verifiers the Rollup takes the deployer nonce n + 2 + K (protocol §4), as predicted', async () => {
  const deployer = await connection.signer.getAddress();
  const nonce = await connection.provider.getTransactionCount(deployer);
  const predicted = await predictDeployment(connection, 2);
  const c = await deploy({ connection, genesis: await genesis(0n), exodusDelay: 3600, verifiers: [{ batchSize: 1, artifactsDir: fx.dir }, { batchSize: 2, artifactsDir: fx.dir }] });
  expect([c.deployment.hashers.poseidon2, c.deployment.hashers.poseidon4]).toEqual([0, 1].map((k) => getCreateAddress({ from: deployer, nonce: nonce + k })));
  expect(c.deployment.verifiers.map((v) => v.address)).toEqual([2, 3].map((k) => getCreateAddress({ from: deployer, nonce: nonce + k })));
  expect(c.deployment.rollup).toBe(getCreateAddress({ from: deployer, nonce: nonce + 4 }));
  expect(predicted).toEqual({ rollup: c.deployment.rollup, domain: computeDomain(connection.chainId, c.deployment.rollup), deployer, nonce });
  expect(c.deployment.domain).toBe(predicted.domain);
  expect([c.deployment.exodusDelay, c.deployment.nextIndex]).toEqual([3600, 3]);
});
