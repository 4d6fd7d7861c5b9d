/**
 * The shapes the node's parts share: a transaction's life in the mempool and batches, a batch's
 * life from built to settled, and the read-only views the HTTP API serves. Bigints stay bigints
 * here; the HTTP layer writes them as decimal strings.
 */
import type { Account, PublicKey, QueueOperation, SiblingTriple, SignedTransfer, SignedWithdrawal } from '@zkr/state';

/** What a user submits: a signed transfer or a signed withdrawal (docs/protocol.md §5, §11). */
export type SubmittedTransaction =
  | { readonly kind: 'transfer'; readonly transfer: SignedTransfer }
  | { readonly kind: 'withdrawal'; readonly withdrawal: SignedWithdrawal };

/**
 * Where a transaction is: `pending` in the mempool, `batched` into a built batch, `proven` once
 * that batch has a proof, `settled` once L1 accepted the batch (with the configured
 * confirmations), `rejected` when the builder refused it after all (an L1 forced exit emptied the
 * sender meanwhile, say), with the rule's code.
 */
export type TransactionStatus = 'pending' | 'batched' | 'proven' | 'settled' | 'rejected';

/** A transaction's id: `0x` and the 64 hex digits of its signed message (docs/protocol.md §5, §11), unique per kind, sender and nonce. */
export type TransactionId = string;

/** One accepted transaction and where it is. */
export interface TransactionRecord {
  readonly id: TransactionId;
  readonly tx: SubmittedTransaction;
  readonly status: TransactionStatus;
  /** Milliseconds since the epoch when the mempool accepted it. */
  readonly acceptedAt: number;
  /** The batch it is in (from `batched` on). */
  readonly batchNumber?: number;
  /** The L1 transaction that settled its batch (`settled`). */
  readonly l1TxHash?: string;
  /** Why the builder refused it (`rejected`). */
  readonly rejection?: { readonly code: string; readonly message: string };
}

/**
 * Where a batch is: `built` (stored with its state; not proven yet), `proven` (proof stored),
 * `submitted` (an L1 transaction was sent; hash stored when known), `settled` (L1 holds its state
 * hash with the configured confirmations).
 */
export type BatchStatus = 'built' | 'proven' | 'submitted' | 'settled';

/** A Groth16 proof with its public signals, as snarkjs writes them (decimal strings). */
export interface StoredProof {
  readonly proof: unknown;
  readonly publicSignals: readonly string[];
}

/** One batch the node built, and where it is. */
export interface BatchRecord {
  readonly batchNumber: number;
  readonly status: BatchStatus;
  /** The ids of its transfers and withdrawals in slot and position order. */
  readonly transactionIds: readonly TransactionId[];
  /** Queue operations it consumed, `m`, and the first one's position. */
  readonly queueCount: number;
  readonly firstQueuePosition: number;
  readonly oldRoot: bigint;
  readonly newRoot: bigint;
  readonly newStateHash: bigint;
  readonly builtAt: number;
  readonly provenAt?: number;
  readonly proveMs?: number;
  readonly proof?: StoredProof;
  readonly l1TxHash?: string;
  readonly l1BlockNumber?: number;
  readonly settledAt?: number;
}

/** An account as the API shows it: the state after the last built batch, plus what the mempool holds for it. */
export interface AccountView {
  readonly index: number;
  readonly account: Account;
  /** The nonce the next submitted transaction of this sender must carry (nonce + its pending transactions). */
  readonly pendingNonce: bigint;
  /** The balance once its pending transactions are applied (debits only; credits count once batched). */
  readonly pendingBalance: bigint;
  /** Its Merkle proof in the state after the last built batch. */
  readonly root: bigint;
  readonly siblings: readonly SiblingTriple[];
}

/** One L1 queue operation and whether a batch consumed it (docs/protocol.md §12). */
export interface QueueView {
  readonly operation: QueueOperation;
  /** The batch that consumed it, if one did (built, not necessarily settled). */
  readonly batchNumber?: number;
  /** The public key of a deposit to a new account. */
  readonly publicKey?: PublicKey;
}

/** The node at a glance: what the status page and `/health` show. */
export interface NodeStatus {
  readonly rollup: string;
  readonly chainId: number;
  /** The rollup's signing domain (docs/protocol.md §4): every transaction a client signs for this rollup commits to it. */
  readonly domain: bigint;
  readonly instance: { readonly depth: number; readonly batchSize: number; readonly queuePositions: number; readonly withdrawalPositions: number };
  /** Batches: last built, last proven, last submitted, last settled (0 = none). */
  readonly batches: { readonly built: number; readonly proven: number; readonly submitted: number; readonly settled: number };
  readonly mempool: { readonly pending: number; readonly capacity: number };
  /** The batch being proved and the prover's progress in it (0..1), if one is. */
  readonly proving?: { readonly batchNumber: number; readonly progress: number; readonly phase: string };
  readonly l1: {
    /** Latest block seen and the last block the synchronizer processed (confirmed). */
    readonly head: number;
    readonly synced: number;
    readonly stateHash: bigint;
    readonly batchCount: number;
    readonly queueLength: number;
    readonly consumed: number;
  };
  /** Root of the state after the last built batch, and of the last settled one. */
  readonly headRoot: bigint;
  readonly settledRoot: bigint;
  /** `ok`, or `degraded` with the reason (L1 unreachable, proving failed and retrying...). */
  readonly health: 'ok' | 'degraded';
  readonly problems: readonly string[];
  readonly startedAt: number;
}

/**
 * What the node serves: the HTTP layer (`http/`) calls only this, so it holds no protocol logic.
 * Reads are synchronous snapshots of the node's memory and database; `submit` validates and
 * persists before it resolves (a resolved submit survives kill -9).
 */
export interface NodeApi {
  /** Validates (schema already checked by the caller, then signature, nonce order, balance against the state plus pending) and accepts; throws a `ZkrError` with the rule's code. */
  submit(tx: SubmittedTransaction): Promise<TransactionRecord>;
  transaction(id: TransactionId): TransactionRecord | undefined;
  account(index: number): AccountView | undefined;
  /** Batches in decreasing number from `before` (exclusive; default: the newest), at most `limit`. */
  batches(options: { readonly before?: number; readonly limit: number }): readonly BatchRecord[];
  batch(batchNumber: number): BatchRecord | undefined;
  /** L1 queue operations in increasing position from `from` (default 0), at most `limit`. */
  queue(options: { readonly from?: number; readonly limit: number }): readonly QueueView[];
  status(): NodeStatus;
  /** The node's Prometheus metrics, in the text exposition format. */
  metrics(): Promise<string>;
}
