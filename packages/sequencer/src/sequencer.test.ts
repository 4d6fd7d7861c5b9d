/**
 * The Sequencer on the in-process Hardhat chain with the real default circuit, Prover, SQLite and
 * signature threads: transactions in, batches built, proved, submitted and settled, L1 agreeing
 * with the head; the mempool's rules with their codes; a restart on the same database.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { JsonRpcApiProvider } from 'ethers';
import { DEFAULT_INSTANCE } from '@zkr/circuits';
import { isZkrError } from '@zkr/errors';
import type { L1Connection, RollupClient } from '@zkr/l1';
import { generateTestAccounts, testGenesis, type TestAccounts } from '@zkr/operator';
import { generateKeyPair, signTransfer, signWithdrawal, type CryptoSuite, type RollupState } from '@zkr/state';
import { Sequencer, SequencerStore, type NodeEvent, type SequencerOptions, type SubmittedTransaction, type TransactionId } from '@zkr/sequencer';
import { testRollup, type TestRollup } from './rollup.fixture';

let rollup: TestRollup;
let suite: CryptoSuite;
let accounts: TestAccounts;
let connection: L1Connection;
let client: RollupClient;
let genesis: RollupState;
let artifactsDir: string;
let dir: string;
const events: NodeEvent[] = [];

beforeAll(async () => {
  rollup = await testRollup('zkr-sequencer-');
  ({ suite, accounts, connection, client, genesis, artifactsDir, dir } = rollup);
});

afterAll(async () => {
  await rollup?.close();
});

function options(overrides: Partial<SequencerOptions> = {}): SequencerOptions {
  return {
    connection, deployment: client.deployment, genesis, dbFile: join(dir, 'node.sqlite'), artifactsDir,
    maxWaitMs: 300, pollIntervalMs: 50, signatureThreads: 1, onEvent: (e) => events.push(e), ...overrides,
  };
}

function transfer(from: number, to: number, amount: bigint, nonce: bigint, key = accounts.keys[from]): SubmittedTransaction {
  return { kind: 'transfer', transfer: signTransfer(suite, key.privateKey, client.deployment.domain, { from, to, amount, fee: 1n, nonce }) };
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; events: ${JSON.stringify(events.slice(-10))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function refusal(node: Sequencer, tx: SubmittedTransaction): Promise<string> {
  try {
    await node.submit(tx);
  } catch (error) {
    if (isZkrError(error)) return error.code;
    throw error;
  }
  return 'accepted';
}

describe('Sequencer', () => {
  let node: Sequencer | undefined;
  const accepted: TransactionId[] = [];

  afterEach(async () => {
    await node?.stop();
    node = undefined;
  });

  it('refuses what breaks a rule, with its code, and stores nothing for it', async () => {
    node = await Sequencer.open(options({ maxWaitMs: 600_000, mempoolCapacity: 1 }));
    await node.start();
    const good = transfer(0, 1, 100n, 0n);
    const record = await node.submit(good);
    expect(record).toMatchObject({ status: 'pending' });
    accepted.push(record.id);
    expect(await refusal(node, good)).toBe('DUPLICATE_TRANSACTION');
    expect(await refusal(node, transfer(0, 1, 50n, 0n))).toBe('BAD_NONCE');
    expect(await refusal(node, transfer(0, 1, 50n, 2n))).toBe('BAD_NONCE');
    expect(await refusal(node, transfer(1, 0, 50n, 0n, accounts.keys[2]))).toBe('INVALID_SIGNATURE');
    expect(await refusal(node, transfer(1, 0, 1_000_000n, 0n))).toBe('INSUFFICIENT_BALANCE');
    // After its pending debit of 101, account 0 can spend 999,899 more: amount + fee = 999,900 is too much.
    expect(await refusal(node, transfer(0, 2, 999_899n, 1n))).toBe('INSUFFICIENT_BALANCE');
    expect(await refusal(node, transfer(9, 0, 5n, 0n, accounts.keys[0]))).toBe('UNKNOWN_SENDER');
    expect(await refusal(node, transfer(0, 9, 5n, 1n))).toBe('UNKNOWN_RECEIVER');
    const zero = signTransfer(suite, accounts.keys[0].privateKey, client.deployment.domain, { from: 0, to: 1, amount: 5n, fee: 1n, nonce: 1n });
    expect(await refusal(node, { kind: 'transfer', transfer: { ...zero, amount: 0n, fee: 0n } })).toBe('ZERO_TRANSFER');
    expect(await refusal(node, { kind: 'transfer', transfer: { ...zero, amount: 1n << 64n } })).toBe('FIELD_RANGE');
    expect(node.account(0)).toMatchObject({ pendingNonce: 1n, pendingBalance: 1_000_000n - 101n });
    expect(await refusal(node, transfer(2, 0, 10n, 0n))).toBe('MEMPOOL_FULL');
    expect(node.status()).toMatchObject({ mempool: { pending: 1, capacity: 1 }, batches: { built: 0 }, health: 'ok' });
  });

  it('batches, proves, submits and settles in order after a restart on the same database, with an L1 deposit and a withdrawal', async () => {
    node = await Sequencer.open(options());
    expect(node.status().mempool.pending).toBe(1);
    await node.start();
    accepted.push((await node.submit(transfer(1, 0, 10n, 0n))).id);
    const user = await (connection.provider as JsonRpcApiProvider).getSigner(1);
    const depositor = client.withSigner(user);
    const newKey = generateKeyPair(suite.eddsa);
    const deposited = await depositor.deposit({ publicKey: newKey.publicKey, amount: 5_000n });
    for (const tx of [transfer(0, 2, 30n, 1n), transfer(2, 3, 40n, 0n), transfer(3, 0, 50n, 0n)]) accepted.push((await node.submit(tx)).id);
    const withdrawal = signWithdrawal(suite, accounts.keys[1].privateKey, client.deployment.domain, { from: 1, address: BigInt(await user.getAddress()), amount: 70n, fee: 1n, nonce: 1n });
    accepted.push((await node.submit({ kind: 'withdrawal', withdrawal })).id);
    await until('every transaction settled', () => accepted.every((id) => node!.transaction(id)?.status === 'settled'));
    await until('the deposit consumed and settled', () => node!.status().batches.settled === node!.status().batches.built && node!.headState.queueCount === 1);
    const status = node.status();
    expect(await client.stateHash()).toBe(node.headState.stateHash);
    expect(Number(await client.batchNumber())).toBe(status.batches.settled);
    expect(node.account(deposited.index)?.account.balance).toBe(5_000n);
    const [consumed] = node.queue({ limit: 10 });
    expect(consumed).toMatchObject({ operation: { position: 0, kind: 1 }, batchNumber: expect.any(Number) });
    expect(node.batch(consumed.batchNumber!)).toMatchObject({ firstQueuePosition: 0, queueCount: 1 });
    for (const id of accepted) expect(node.transaction(id)).toMatchObject({ status: 'settled', l1TxHash: expect.stringMatching(/^0x[0-9a-f]{64}$/) });
    const kinds = events.map((e) => e.event);
    for (const kind of ['batch-built', 'proving', 'batch-proven', 'batch-submitted', 'batch-settled']) expect(kinds).toContain(kind);
    const submitted = events.filter((e) => e.event === 'batch-submitted').map((e) => (e as { batchNumber: number }).batchNumber);
    expect(submitted).toEqual([...submitted].sort((a, b) => a - b));
    expect(new Set(submitted).size).toBe(submitted.length);
    expect(await client.claimable(await user.getAddress())).toBe(70n * client.deployment.unit);
    expect(await node.metrics()).toMatch(/zkr_transactions_accepted_total\{kind="transfer"\} 4/);
  });

  it('reopens its database with the same head and nothing to redo', async () => {
    node = await Sequencer.open(options());
    const before = node.status();
    await node.start();
    await new Promise((r) => setTimeout(r, 800));
    expect(node.status().batches).toEqual(before.batches);
    expect(node.headState.stateHash).toBe(await client.stateHash());
  });

  it('refuses a database of another rollup and one written by a newer zkr', async () => {
    const other = testGenesis(suite, generateTestAccounts(suite, 2, 5n), DEFAULT_INSTANCE.depth, client.deployment.domain, DEFAULT_INSTANCE);
    await expect(Sequencer.open(options({ genesis: other }))).rejects.toMatchObject({ code: 'STORE_MISMATCH' });
    const identity = { chainId: 1, rollup: '0x0000000000000000000000000000000000000001', domain: '1', depth: 8, batchSize: 2, queuePositions: 1, withdrawalPositions: 1, genesisRoot: '1' };
    expect(() => SequencerStore.open(join(dir, 'node.sqlite'), identity, genesis)).toThrow(expect.objectContaining({ code: 'STORE_MISMATCH' }));
    const newer = join(dir, 'newer.sqlite');
    const db = new Database(newer);
    db.pragma('user_version = 99');
    db.close();
    await expect(Sequencer.open(options({ dbFile: newer }))).rejects.toMatchObject({ code: 'SCHEMA_TOO_NEW' });
  });
});
