/**
 * SequencerStore on real SQLite files: migrations and pragmas, the rollup identity, the head tree
 * written as diffs and loaded without hashing, the batch and transaction statuses moving together,
 * the synchronizer's checkpoint, and atomicity (a step that throws midway leaves the file as before).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BatchEvent } from '@zkr/l1';
import { buildBatch, transferMessage, type RollupState, type SignedTransfer } from '@zkr/state';
import { genesis, queueOperations, signAll, type Fixture } from '@zkr/test-helpers';
import { MIGRATION_0001 } from './migrations/0001-initial';
import { SCHEMA_VERSION, SequencerStore, type BatchRecord, type StoreIdentity, type TransactionRecord } from '@zkr/sequencer';

let fixture: Fixture;
let dir: string;
let identity: StoreIdentity;
let fileCount = 0;

beforeAll(async () => {
  fixture = await genesis(4, [{ index: 0, balance: 1000n }, { index: 1, balance: 1000n }, { index: 2, balance: 1000n }]);
  dir = await mkdtemp(join(tmpdir(), 'zkr-store-'));
  identity = {
    chainId: 31337, rollup: '0x00000000000000000000000000000000000000aa', domain: fixture.state.domain.toString(), depth: 4,
    batchSize: 2, queuePositions: 1, withdrawalPositions: 1, genesisRoot: fixture.state.root.toString(),
  };
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const newFile = () => join(dir, `store-${++fileCount}.sqlite`);

function idOf(transfer: SignedTransfer): string {
  return `0x${transferMessage(fixture.suite, fixture.state.domain, transfer).toString(16).padStart(64, '0')}`;
}

function pending(transfer: SignedTransfer, acceptedAt = 1): TransactionRecord {
  return { id: idOf(transfer), tx: { kind: 'transfer', transfer }, status: 'pending', acceptedAt };
}

/** Builds batch 1 from `transfers` on the genesis (with queue `queue`) and the commit that stores it. */
function built(transfers: SignedTransfer[], queue = queueOperations(fixture, [])): { after: RollupState; record: BatchRecord; commit: Parameters<SequencerStore['commitBuilt']>[0] } {
  const result = buildBatch(fixture.state, transfers, { batchSize: 2, feeRecipient: 0, queue, withdrawals: [] });
  const record: BatchRecord = {
    batchNumber: 1, status: 'built', transactionIds: result.accepted.map(idOf), queueCount: result.batch.queueCount, firstQueuePosition: result.batch.queueStart,
    oldRoot: fixture.state.root, newRoot: result.batch.newRoot, newStateHash: result.batch.newStateHash, builtAt: 2,
  };
  return { after: result.state, record, commit: { record, batch: result.batch, before: fixture.state, after: result.state, rejected: [] } };
}

/** Every row of every table, to compare a file before and after a failed step. */
function dump(file: string): unknown {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
    return Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM ${name} ORDER BY 1, 2`).all()]));
  } finally {
    db.close();
  }
}

describe('SequencerStore', () => {
  it('creates a WAL database at the newest schema version and reopens it without migrating again', () => {
    const file = newFile();
    SequencerStore.open(file, identity, fixture.state).close();
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    const store = SequencerStore.open(file, identity, fixture.state);
    expect(store.loadHead(fixture.suite, fixture.state).root).toBe(fixture.state.root);
    store.close();
  });

  it('migrates a database of schema 1 to the newest, keeping its rows', () => {
    const file = newFile();
    const db = new Database(file);
    db.exec(MIGRATION_0001);
    db.pragma('user_version = 1');
    db.prepare('INSERT INTO sync_blocks (number, hash) VALUES (?, ?)').run(3, '0x03');
    db.close();
    const store = SequencerStore.open(file, identity, fixture.state);
    expect(store.load()).toEqual({ block: 3, hash: '0x03' });
    store.close();
    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect((after.prepare("SELECT name FROM pragma_table_info('batches')").all() as { name: string }[]).map((c) => c.name)).toContain('undo');
    after.close();
  });

  it('refuses a database written by a newer zkr with SCHEMA_TOO_NEW and leaves it untouched', () => {
    const file = newFile();
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => SequencerStore.open(file, identity, fixture.state)).toThrow(expect.objectContaining({ code: 'SCHEMA_TOO_NEW', details: expect.objectContaining({ version: SCHEMA_VERSION + 1 }) }));
    expect(dump(file)).toEqual({});
  });

  it.each([
    ['chainId', 1], ['rollup', '0x00000000000000000000000000000000000000bb'], ['domain', '5'], ['depth', 8], ['batchSize', 4], ['queuePositions', 2], ['withdrawalPositions', 2], ['genesisRoot', '7'],
  ] as const)('refuses to open a database of another rollup (%s differs) with STORE_MISMATCH', (key, value) => {
    const file = newFile();
    SequencerStore.open(file, identity, fixture.state).close();
    expect(() => SequencerStore.open(file, { ...identity, [key]: value }, fixture.state)).toThrow(expect.objectContaining({ code: 'STORE_MISMATCH', message: expect.stringContaining(key) }));
  });

  it('refuses a transaction id it holds with DUPLICATE_TRANSACTION', () => {
    const store = SequencerStore.open(newFile(), identity, fixture.state);
    const [t] = signAll(fixture, [{ from: 0, to: 1, amount: 5n, fee: 1n }]);
    store.insertTransaction(pending(t));
    expect(() => store.insertTransaction(pending(t, 9))).toThrow(expect.objectContaining({ code: 'DUPLICATE_TRANSACTION' }));
    expect(store.pendingTransactions()).toEqual([pending(t)]);
    store.close();
  });

  it('commits a built batch as one step and loads the head from its tree rows after a reopen', () => {
    const file = newFile();
    const store = SequencerStore.open(file, identity, fixture.state);
    const transfers = signAll(fixture, [{ from: 0, to: 1, amount: 5n, fee: 1n }, { from: 1, to: 2, amount: 7n, fee: 1n }]);
    const waiting = signAll(fixture, [{ from: 2, to: 0, amount: 3n, fee: 1n }]);
    for (const t of [...transfers, ...waiting]) store.insertTransaction(pending(t));
    const { after, record, commit } = built(transfers);
    store.commitBuilt(commit);
    store.close();

    const reopened = SequencerStore.open(file, identity, fixture.state);
    const head = reopened.loadHead(fixture.suite, fixture.state);
    expect(head.root).toBe(after.root);
    expect(head.stateHash).toBe(after.stateHash);
    expect(head.batchCount).toBe(1);
    expect(head.account(1)).toEqual(after.account(1));
    expect(reopened.batch(1)).toEqual(record);
    expect(reopened.batchInput(fixture.suite, 1).newStateHash).toBe(record.newStateHash);
    expect(reopened.transaction(record.transactionIds[0])).toMatchObject({ status: 'batched', batchNumber: 1 });
    expect(reopened.pendingTransactions().map((r) => r.id)).toEqual([idOf(waiting[0])]);
    expect(reopened.batchCounts()).toEqual({ built: 1, proven: 0, submitted: 0, settled: 0 });
    reopened.close();
  });

  it('leaves the database unchanged when a step throws midway', () => {
    const file = newFile();
    const store = SequencerStore.open(file, identity, fixture.state);
    const transfers = signAll(fixture, [{ from: 0, to: 1, amount: 5n, fee: 1n }, { from: 1, to: 2, amount: 7n, fee: 1n }]);
    // Only the first is stored: the batch row is written, then the second id is found not pending and the step throws.
    store.insertTransaction(pending(transfers[0]));
    const before = dump(file);
    expect(() => store.commitBuilt(built(transfers).commit)).toThrow(expect.objectContaining({ code: 'STORE_CORRUPT' }));
    expect(() => store.updateBatch(1, 'proven', {})).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    store.close();
    expect(dump(file)).toEqual(before);
    const reopened = SequencerStore.open(file, identity, fixture.state);
    expect(reopened.loadHead(fixture.suite, fixture.state).root).toBe(fixture.state.root);
    reopened.close();
  });

  it('rolls the head back to before a batch in one step: tree rows as before, its transactions pending again', () => {
    const file = newFile();
    const store = SequencerStore.open(file, identity, fixture.state);
    const transfers = signAll(fixture, [{ from: 0, to: 1, amount: 5n, fee: 1n }, { from: 1, to: 2, amount: 7n, fee: 1n }]);
    for (const t of transfers) store.insertTransaction(pending(t));
    const [deposit] = queueOperations(fixture, [{ kind: 1, index: 5, amount: 10n }]);
    const genesisRows = dump(file) as Record<string, unknown>;
    const { commit } = built(transfers, [deposit]);
    store.commitBuilt(commit);
    expect([...store.consumingBatches(0, 3)]).toEqual([[0, 1]]);
    expect(store.consumingBatches(1, 3).size).toBe(0);
    store.updateBatch(1, 'proven', { proof: { proof: {}, publicSignals: [] } });
    expect(store.rollBack(1)).toEqual([1]);
    expect(store.consumingBatches(0, 3).size).toBe(0);
    expect(store.rollBack(1)).toEqual([]);
    const rows = dump(file) as Record<string, unknown>;
    for (const table of ['leaves', 'inner_nodes', 'head', 'batches', 'transactions']) expect([table, rows[table]]).toEqual([table, genesisRows[table]]);
    const head = store.loadHead(fixture.suite, fixture.state);
    expect([head.root, head.batchCount, head.queueCount, head.queueHash]).toEqual([fixture.state.root, 0, 0, fixture.state.queueHash]);
    expect(head.account(5)).toBeUndefined();
    expect(store.pendingTransactions().map((r) => r.tx)).toEqual(transfers.map((transfer) => ({ kind: 'transfer', transfer })));
    store.close();
  });

  it('moves a batch through its statuses with its transactions following, builder refusals kept', () => {
    const store = SequencerStore.open(newFile(), identity, fixture.state);
    const transfers = signAll(fixture, [{ from: 0, to: 1, amount: 5n, fee: 1n }, { from: 1, to: 2, amount: 7n, fee: 1n }]);
    const [refused] = signAll(fixture, [{ from: 2, to: 0, amount: 3n, fee: 1n }]);
    for (const t of [...transfers, refused]) store.insertTransaction(pending(t));
    const { record, commit } = built(transfers);
    store.commitBuilt({ ...commit, rejected: [{ id: idOf(refused), code: 'INSUFFICIENT_BALANCE', message: 'emptied by an exit' }] });
    const [a, b] = record.transactionIds;
    expect(store.transaction(idOf(refused))).toMatchObject({ status: 'rejected', rejection: { code: 'INSUFFICIENT_BALANCE', message: 'emptied by an exit' } });

    const proof = { proof: { pi_a: ['1'] }, publicSignals: ['2', '3'] };
    expect(store.updateBatch(1, 'proven', { proof, proveMs: 2000 })).toMatchObject({ status: 'proven', proof, proveMs: 2000 });
    expect(store.transaction(a)?.status).toBe('proven');
    store.updateBatch(1, 'submitted', { l1TxHash: '0x01' });
    expect(store.transaction(b)?.status).toBe('proven');
    expect(store.transaction(b)?.l1TxHash).toBeUndefined();
    store.updateBatch(1, 'settled', { l1TxHash: '0x02', l1BlockNumber: 9, settledAt: 3 });
    expect(store.transaction(a)).toMatchObject({ status: 'settled', batchNumber: 1, l1TxHash: '0x02' });
    expect(store.transaction(idOf(refused))?.status).toBe('rejected');
    expect(store.batch(1)).toMatchObject({ status: 'settled', proof, l1TxHash: '0x02', l1BlockNumber: 9 });
    expect(store.batches(undefined, 10)).toHaveLength(1);
    expect(store.batches(undefined, 10)[0].proof).toBeUndefined();
    expect(store.batchNumbers('settled')).toEqual([1]);
    store.close();
  });

  it('keeps the synchronizer checkpoint and un-settles a batch whose event a rewind removed', () => {
    const file = newFile();
    const store = SequencerStore.open(file, identity, fixture.state);
    const [deposit] = queueOperations(fixture, [{ kind: 1, index: 5, amount: 10n }]);
    const transfers = signAll(fixture, [{ from: 0, to: 1, amount: 5n, fee: 1n }]);
    store.insertTransaction(pending(transfers[0]));
    const { record, commit } = built(transfers, [deposit]);
    store.commitBuilt(commit);
    store.updateBatch(1, 'settled', { l1TxHash: '0x0b' });
    const event = { batchNumber: 1n, newStateHash: record.newStateHash, consumed: 1, queueCount: 1, feeRecipient: 0, txData: new Uint8Array(), txHash: '0x0b', blockNumber: 12 } satisfies BatchEvent;
    store.save([{ block: 10, hash: '0x10' }, { block: 11, hash: '0x11' }], { queue: [{ operation: deposit, blockNumber: 10 }], batches: [] });
    store.save([{ block: 12, hash: '0x12' }], { queue: [], batches: [event] });
    store.close();

    const reopened = SequencerStore.open(file, identity, fixture.state);
    expect(reopened.load()).toEqual({ block: 12, hash: '0x12' });
    expect(reopened.blockHash(11)).toBe('0x11');
    expect(reopened.queueOperations(0)).toEqual([{ operation: deposit, blockNumber: 10 }]);
    expect(reopened.l1Batch(1)).toEqual({ batchNumber: 1, stateHash: record.newStateHash, txHash: '0x0b', blockNumber: 12 });
    expect(reopened.l1BatchCount()).toBe(1);

    reopened.rewind(11);
    expect(reopened.load()).toEqual({ block: 11, hash: '0x11' });
    expect(reopened.l1BatchCount()).toBe(0);
    expect(reopened.queueLength()).toBe(1);
    expect(reopened.batch(1)).toMatchObject({ status: 'proven' });
    expect(reopened.batch(1)?.l1TxHash).toBeUndefined();
    expect(reopened.transaction(record.transactionIds[0])?.status).toBe('proven');
    reopened.rewind(9);
    expect(reopened.load()).toBeUndefined();
    expect(reopened.queueLength()).toBe(0);
    reopened.close();
  });
});
