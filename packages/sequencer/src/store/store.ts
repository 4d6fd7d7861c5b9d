/**
 * The node's SQLite database (better-sqlite3, WAL, one writer): the mempool, the batches with their
 * proofs and status, the rows of the head state's tree (so a restart loads the tree without
 * hashing: `AccountTree.fromStoredNodes`), the L1 queue and batch events the synchronizer mirrored,
 * and its block hashes. Every logical step is one SQLite transaction, so a process killed at any
 * moment leaves the database as before or as after the step. `synchronous = NORMAL` in WAL mode is
 * durable against a killed process (a power loss may drop the last commits, never corrupt).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { BatchEvent, Deployment } from '@zkr/l1';
import {
  AccountTree, batchFromJson, batchToJson, type Account, type Batch, type CryptoSuite, type QueueOperation, type RollupState, type StoredLeaf, type StoredNode, type TreeDiff,
} from '@zkr/state';
import { sequencerError } from '../errors';
import type { ProcessedBlock, SyncCheckpoint, SyncEvents } from '../sync';
import type { BatchRecord, BatchStatus, TransactionId, TransactionRecord, TransactionStatus } from '../types';
import { decodeRow, encodeRow } from './codec';
import { migrate } from './migrations';

/** What a database belongs to: reopening it for another rollup, genesis or circuit instance is `STORE_MISMATCH`. */
export interface StoreIdentity {
  readonly chainId: number;
  readonly rollup: string;
  readonly domain: string;
  readonly depth: number;
  readonly batchSize: number;
  readonly queuePositions: number;
  readonly withdrawalPositions: number;
  readonly genesisRoot: string;
}

/** The identity of the database of `deployment`'s rollup proved with batches of `batchSize`. */
export function storeIdentityOf(deployment: Deployment, batchSize: number): StoreIdentity {
  return {
    chainId: Number(deployment.chainId), rollup: deployment.rollup.toLowerCase(), domain: deployment.domain.toString(), depth: deployment.depth,
    batchSize, queuePositions: deployment.queuePositions, withdrawalPositions: deployment.withdrawalPositions, genesisRoot: deployment.genesisRoot.toString(),
  };
}

/** A batch the builder produced, with what to write with it. */
export interface BuiltBatchCommit {
  readonly record: BatchRecord;
  readonly batch: Batch;
  /** The head before and after the batch (their tree diff is written). */
  readonly before: RollupState;
  readonly after: RollupState;
  /** Transactions the builder refused, with the rule's code. */
  readonly rejected: readonly { readonly id: TransactionId; readonly code: string; readonly message: string }[];
}

/** A batch L1 accepted, as the synchronizer saw its event. */
export interface L1BatchRow {
  readonly batchNumber: number;
  readonly stateHash: bigint;
  readonly txHash: string;
  readonly blockNumber: number;
}

/** Block hashes kept below the synchronizer's position (its deepest repairable reorganisation). */
const KEPT_BLOCKS = 64;

/** The head counters of a state as the `head` row holds them. */
interface HeadRow {
  readonly root: bigint;
  readonly batchCount: number;
  readonly queueCount: number;
  readonly queueHash: bigint;
}

/** What a built batch replaced: the tree rows that give the state before it again, and that state's head. */
interface Undo {
  readonly diff: TreeDiff;
  readonly head: HeadRow;
}

interface TransactionRow {
  id: string;
  body: string;
  status: TransactionStatus;
  batch_number: number | null;
  rejection: string | null;
  accepted_at: number;
}

/** The node's database; see the module comment. */
export class SequencerStore implements SyncCheckpoint {
  private constructor(
    private readonly db: Database.Database,
    /** The database file. */
    readonly file: string,
  ) {}

  /**
   * Opens (creating it with `genesis` as its head) the database `file` of the rollup `identity`;
   * `STORE_MISMATCH` when the file belongs to another rollup, `SCHEMA_TOO_NEW` when a newer zkr wrote it.
   */
  static open(file: string, identity: StoreIdentity, genesis: RollupState): SequencerStore {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      migrate(db, file);
      const store = new SequencerStore(db, file);
      store.initialise(identity, genesis);
      return store;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  private initialise(identity: StoreIdentity, genesis: RollupState): void {
    const stored = this.db.prepare('SELECT value FROM meta WHERE key = ?').get('identity') as { value: string } | undefined;
    if (stored) {
      const found = JSON.parse(stored.value) as StoreIdentity;
      const differ = (Object.keys(identity) as (keyof StoreIdentity)[]).filter((k) => found[k] !== identity[k]);
      if (differ.length > 0) {
        throw sequencerError('STORE_MISMATCH', `${this.file} belongs to another rollup (${differ.map((k) => `${k} ${String(found[k])}, not ${String(identity[k])}`).join('; ')}); pass the --db of this rollup or a new file`, {
          details: { file: this.file, stored: found, expected: identity },
        });
      }
      return;
    }
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('identity', JSON.stringify(identity));
      const leaf = this.db.prepare('INSERT INTO leaves (idx, account, hash) VALUES (?, ?, ?)');
      for (const [index, account, hash] of genesis.tree.storedLeaves()) leaf.run(index, encodeRow(account), hash.toString());
      const inner = this.db.prepare('INSERT INTO inner_nodes (level, position, hash) VALUES (?, ?, ?)');
      for (const node of genesis.tree.storedNodes()) inner.run(node.level, node.position, node.hash.toString());
      this.writeHead(genesis);
    })();
  }

  private writeHead(state: HeadRow): void {
    this.db.prepare('INSERT INTO head (id, root, batch_count, queue_count, queue_hash) VALUES (1, ?, ?, ?, ?) ' +
      'ON CONFLICT (id) DO UPDATE SET root = excluded.root, batch_count = excluded.batch_count, queue_count = excluded.queue_count, queue_hash = excluded.queue_hash')
      .run(state.root.toString(), state.batchCount, state.queueCount, state.queueHash.toString());
  }

  /** The state after the last built batch, loaded from its tree rows without hashing (`STORE_CORRUPT` if the rows do not form the stored root). */
  loadHead(suite: CryptoSuite, like: RollupState): RollupState {
    const head = this.db.prepare('SELECT root, batch_count, queue_count, queue_hash FROM head WHERE id = 1').get() as
      { root: string; batch_count: number; queue_count: number; queue_hash: string } | undefined;
    if (!head) throw sequencerError('STORE_CORRUPT', `${this.file} has no head state; delete it and restart the node, or rebuild with \`zkr sync\``, { details: { file: this.file } });
    const leaves = (this.db.prepare('SELECT idx, account, hash FROM leaves').all() as { idx: number; account: string; hash: string }[])
      .map((r): StoredLeaf => [r.idx, decodeRow<Account>(r.account), BigInt(r.hash)]);
    const inner = (this.db.prepare('SELECT level, position, hash FROM inner_nodes').all() as { level: number; position: number; hash: string }[])
      .map((r): StoredNode => ({ level: r.level, position: r.position, hash: BigInt(r.hash) }));
    let tree: AccountTree;
    try {
      tree = AccountTree.fromStoredNodes(suite.poseidon, like.depth, leaves, inner, BigInt(head.root));
    } catch (error) {
      throw sequencerError('STORE_CORRUPT', `the tree rows of ${this.file} do not form its head root; rebuild the state with \`zkr sync\` and start on a new --db`, { cause: error, details: { file: this.file } });
    }
    return like.withTree(tree, { batchCount: head.batch_count, queueCount: head.queue_count, queueHash: BigInt(head.queue_hash) });
  }

  // ---- transactions ---------------------------------------------------------------------------

  /** Stores an accepted transaction (`DUPLICATE_TRANSACTION` if its id is stored already). */
  insertTransaction(record: TransactionRecord): void {
    const sender = record.tx.kind === 'transfer' ? record.tx.transfer.from : record.tx.withdrawal.from;
    const nonce = record.tx.kind === 'transfer' ? record.tx.transfer.nonce : record.tx.withdrawal.nonce;
    const result = this.db.prepare('INSERT OR IGNORE INTO transactions (id, seq, kind, sender, nonce, body, status, accepted_at) ' +
      'VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM transactions), ?, ?, ?, ?, ?, ?)')
      .run(record.id, record.tx.kind, sender, nonce.toString(), encodeRow(record.tx), record.status, record.acceptedAt);
    if (result.changes === 0) throw sequencerError('DUPLICATE_TRANSACTION', `transaction ${record.id} was accepted already; query GET /v1/transactions/${record.id}`, { details: { id: record.id } });
  }

  private transactionOf(row: TransactionRow, l1TxHash?: string): TransactionRecord {
    return {
      id: row.id,
      tx: decodeRow(row.body),
      status: row.status,
      acceptedAt: row.accepted_at,
      ...(row.batch_number === null ? {} : { batchNumber: row.batch_number }),
      ...(l1TxHash === undefined ? {} : { l1TxHash }),
      ...(row.rejection === null ? {} : { rejection: JSON.parse(row.rejection) as { code: string; message: string } }),
    };
  }

  /** One transaction and where it is. */
  transaction(id: TransactionId): TransactionRecord | undefined {
    const row = this.db.prepare('SELECT t.*, b.l1_tx_hash FROM transactions t LEFT JOIN batches b ON b.number = t.batch_number WHERE t.id = ?').get(id) as
      (TransactionRow & { l1_tx_hash: string | null }) | undefined;
    return row ? this.transactionOf(row, row.status === 'settled' ? row.l1_tx_hash ?? undefined : undefined) : undefined;
  }

  /** The pending transactions in acceptance order. */
  pendingTransactions(): TransactionRecord[] {
    return (this.db.prepare("SELECT * FROM transactions WHERE status = 'pending' ORDER BY seq").all() as TransactionRow[]).map((r) => this.transactionOf(r));
  }

  // ---- batches --------------------------------------------------------------------------------

  /**
   * Writes a built batch, its transactions' statuses, the head tree's changed rows and the new head,
   * in one transaction; the batch keeps the rows it replaced (see {@link rollBack}).
   */
  commitBuilt({ record, batch, before, after, rejected }: BuiltBatchCommit): void {
    const undo: Undo = { diff: before.tree.diff(after.tree), head: { root: before.root, batchCount: before.batchCount, queueCount: before.queueCount, queueHash: before.queueHash } };
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO batches (number, status, batch, record, undo) VALUES (?, ?, ?, ?, ?)')
        .run(record.batchNumber, record.status, JSON.stringify(batchToJson(batch)), encodeRow(record), encodeRow(undo));
      const batched = this.db.prepare("UPDATE transactions SET status = 'batched', batch_number = ? WHERE id = ? AND status = 'pending'");
      for (const id of record.transactionIds) {
        if (batched.run(record.batchNumber, id).changes !== 1) throw sequencerError('STORE_CORRUPT', `transaction ${id} of batch ${record.batchNumber} is not pending in ${this.file}`, { details: { id } });
      }
      const refused = this.db.prepare("UPDATE transactions SET status = 'rejected', rejection = ? WHERE id = ? AND status = 'pending'");
      for (const r of rejected) refused.run(JSON.stringify({ code: r.code, message: r.message }), r.id);
      this.writeDiff(after.tree.diff(before.tree));
      this.writeHead(after);
    })();
  }

  /**
   * Rolls the head back to before batch `from`: every batch from `from` on is deleted (newest
   * first, each restoring the tree rows and head it replaced) and their transactions are pending
   * again (refusals stay). One transaction; returns the numbers removed. `STORE_CORRUPT` for a
   * batch stored without its undo rows (by a zkr before schema 2).
   */
  rollBack(from: number): number[] {
    return this.db.transaction(() => {
      const rows = this.db.prepare('SELECT number, undo FROM batches WHERE number >= ? ORDER BY number DESC').all(from) as { number: number; undo: string | null }[];
      for (const row of rows) {
        if (row.undo === null) {
          throw sequencerError('STORE_CORRUPT', `batch ${row.number} in ${this.file} was stored without the rows it replaced, so the head cannot be rolled back; rebuild the state with \`zkr sync\` and start on a new --db`, {
            details: { batchNumber: row.number },
          });
        }
        const undo = decodeRow<Undo>(row.undo);
        this.writeDiff(undo.diff);
        this.writeHead(undo.head);
        this.db.prepare("UPDATE transactions SET status = 'pending', batch_number = NULL WHERE batch_number = ? AND status != 'rejected'").run(row.number);
        this.db.prepare('DELETE FROM batches WHERE number = ?').run(row.number);
      }
      return rows.map((r) => r.number).reverse();
    })();
  }

  private writeDiff(diff: TreeDiff): void {
    const leaf = this.db.prepare('INSERT OR REPLACE INTO leaves (idx, account, hash) VALUES (?, ?, ?)');
    for (const [index, account, hash] of diff.leaves) leaf.run(index, encodeRow(account), hash.toString());
    const dropLeaf = this.db.prepare('DELETE FROM leaves WHERE idx = ?');
    for (const index of diff.removedLeaves) dropLeaf.run(index);
    const inner = this.db.prepare('INSERT OR REPLACE INTO inner_nodes (level, position, hash) VALUES (?, ?, ?)');
    for (const node of diff.inner) inner.run(node.level, node.position, node.hash.toString());
    const dropInner = this.db.prepare('DELETE FROM inner_nodes WHERE level = ? AND position = ?');
    for (const node of diff.removedInner) dropInner.run(node.level, node.position);
  }

  /** Moves batch `n` to `status` with `patch` merged into its record; its transactions follow (`proven`, `settled`). */
  updateBatch(n: number, status: BatchStatus, patch: Partial<BatchRecord>): BatchRecord {
    return this.db.transaction(() => {
      const current = this.batch(n);
      if (!current) throw sequencerError('NOT_FOUND', `no batch ${n} in ${this.file}`, { details: { batchNumber: n } });
      const next: BatchRecord = { ...current, ...patch, status };
      this.db.prepare('UPDATE batches SET status = ?, record = ?, proof = ?, l1_tx_hash = ? WHERE number = ?')
        .run(status, encodeRow({ ...next, proof: undefined }), next.proof ? JSON.stringify(next.proof) : null, next.l1TxHash ?? null, n);
      const txStatus: TransactionStatus = status === 'built' ? 'batched' : status === 'submitted' ? 'proven' : status;
      this.db.prepare("UPDATE transactions SET status = ? WHERE batch_number = ? AND status != 'rejected'").run(txStatus, n);
      return next;
    })();
  }

  /** Batch `n`, if built. */
  batch(n: number): BatchRecord | undefined {
    const row = this.db.prepare('SELECT record, proof FROM batches WHERE number = ?').get(n) as { record: string; proof: string | null } | undefined;
    if (!row) return undefined;
    const record = decodeRow<BatchRecord>(row.record);
    return row.proof === null ? record : { ...record, proof: JSON.parse(row.proof) as BatchRecord['proof'] };
  }

  /** Batches in decreasing number below `before` (default: all), at most `limit`, without proofs. */
  batches(before: number | undefined, limit: number): BatchRecord[] {
    const rows = this.db.prepare('SELECT record FROM batches WHERE number < ? ORDER BY number DESC LIMIT ?').all(before ?? Number.MAX_SAFE_INTEGER, limit) as { record: string }[];
    return rows.map((r) => decodeRow<BatchRecord>(r.record));
  }

  /** The numbers of the batches in `status`, ascending. */
  batchNumbers(status: BatchStatus): number[] {
    return (this.db.prepare('SELECT number FROM batches WHERE status = ? ORDER BY number').all(status) as { number: number }[]).map((r) => r.number);
  }

  /** The last batch number in each status (0 = none). */
  batchCounts(): Record<BatchStatus, number> {
    const rows = this.db.prepare('SELECT status, MAX(number) AS n FROM batches GROUP BY status').all() as { status: BatchStatus; n: number }[];
    const out: Record<BatchStatus, number> = { built: 0, proven: 0, submitted: 0, settled: 0 };
    for (const r of rows) out[r.status] = r.n;
    return out;
  }

  /** The stored batch `n` with every witness value, for proving. */
  batchInput(suite: CryptoSuite, n: number): Batch {
    const row = this.db.prepare('SELECT batch FROM batches WHERE number = ?').get(n) as { batch: string } | undefined;
    if (!row) throw sequencerError('NOT_FOUND', `no batch ${n} in ${this.file}`, { details: { batchNumber: n } });
    return batchFromJson(suite, JSON.parse(row.batch), `${this.file} batch ${n}`);
  }

  // ---- the L1 mirror (SyncCheckpoint) ---------------------------------------------------------

  /** The L1 queue operations from position `from` on, at most `limit`, with the block of their event. */
  queueOperations(from: number, limit = Number.MAX_SAFE_INTEGER): { operation: QueueOperation; blockNumber: number }[] {
    const rows = this.db.prepare('SELECT operation, block_number FROM queue WHERE position >= ? ORDER BY position LIMIT ?').all(from, limit) as { operation: string; block_number: number }[];
    return rows.map((r) => ({ operation: decodeRow<QueueOperation>(r.operation), blockNumber: r.block_number }));
  }

  /** The numbers of the batches that consumed queue positions `from` .. `from + count - 1`, by position (a built batch; not necessarily settled). */
  consumingBatches(from: number, count: number): Map<number, number> {
    const rows = this.db.prepare(
      "SELECT number, json_extract(record, '$.firstQueuePosition') AS first, json_extract(record, '$.queueCount') AS n FROM batches WHERE first < ? AND first + n > ? ORDER BY number",
    ).all(from + count, from) as { number: number; first: number; n: number }[];
    const out = new Map<number, number>();
    for (const row of rows) for (let p = Math.max(row.first, from); p < Math.min(row.first + row.n, from + count); p++) out.set(p, row.number);
    return out;
  }

  /** The number of queue operations mirrored. */
  queueLength(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM queue').get() as { n: number }).n;
  }

  /** L1's record of batch `n`, if the synchronizer saw its event. */
  l1Batch(n: number): L1BatchRow | undefined {
    const row = this.db.prepare('SELECT * FROM l1_batches WHERE batch_number = ?').get(n) as { batch_number: number; state_hash: string; tx_hash: string; block_number: number } | undefined;
    return row ? { batchNumber: row.batch_number, stateHash: BigInt(row.state_hash), txHash: row.tx_hash, blockNumber: row.block_number } : undefined;
  }

  /** The highest batch number L1 accepted as far as the synchronizer saw (0 = none). */
  l1BatchCount(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(batch_number), 0) AS n FROM l1_batches').get() as { n: number }).n;
  }

  /** {@inheritDoc SyncCheckpoint.load} */
  load(): ProcessedBlock | undefined {
    const row = this.db.prepare('SELECT number, hash FROM sync_blocks ORDER BY number DESC LIMIT 1').get() as { number: number; hash: string } | undefined;
    return row ? { block: row.number, hash: row.hash } : undefined;
  }

  /** {@inheritDoc SyncCheckpoint.blockHash} */
  blockHash(n: number): string | undefined {
    return (this.db.prepare('SELECT hash FROM sync_blocks WHERE number = ?').get(n) as { hash: string } | undefined)?.hash;
  }

  /** {@inheritDoc SyncCheckpoint.save} */
  save(processed: readonly ProcessedBlock[], events: SyncEvents): void {
    this.db.transaction(() => {
      const block = this.db.prepare('INSERT OR REPLACE INTO sync_blocks (number, hash) VALUES (?, ?)');
      for (const p of processed) block.run(p.block, p.hash);
      const queue = this.db.prepare('INSERT OR REPLACE INTO queue (position, operation, block_number) VALUES (?, ?, ?)');
      for (const q of events.queue) queue.run(q.operation.position, encodeRow(q.operation), q.blockNumber);
      const batch = this.db.prepare('INSERT OR REPLACE INTO l1_batches (batch_number, state_hash, tx_hash, block_number) VALUES (?, ?, ?, ?)');
      for (const b of events.batches as readonly BatchEvent[]) batch.run(Number(b.batchNumber), b.newStateHash.toString(), b.txHash, b.blockNumber);
      const last = processed.at(-1);
      if (last) this.db.prepare('DELETE FROM sync_blocks WHERE number < ?').run(last.block - KEPT_BLOCKS);
    })();
  }

  /** {@inheritDoc SyncCheckpoint.rewind} */
  rewind(toBlock: number): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM sync_blocks WHERE number > ?').run(toBlock);
      this.db.prepare('DELETE FROM queue WHERE block_number > ?').run(toBlock);
      this.db.prepare('DELETE FROM l1_batches WHERE block_number > ?').run(toBlock);
      // A settled batch whose event vanished is submitted again (its transaction may be mined again, or the node resubmits it).
      for (const n of this.batchNumbers('settled')) if (!this.l1Batch(n)) this.updateBatch(n, 'proven', { l1TxHash: undefined, l1BlockNumber: undefined, settledAt: undefined });
    })();
  }

  /** Closes the database. */
  close(): void {
    if (this.db.open) this.db.close();
  }
}
