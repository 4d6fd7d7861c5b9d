/**
 * The data model shared by the state, circuit, prover and L1 packages (see docs/protocol.md).
 * In memory every integer is a `bigint` (indices are `number`, `< 2^32`); JSON files carry
 * bigints as decimal strings (see `json.ts`).
 */

/** A Baby Jubjub public key `(Ax, Ay)`. */
export type PublicKey = readonly [bigint, bigint];

/** An EdDSA-Poseidon signature. */
export interface Signature {
  readonly R8x: bigint;
  readonly R8y: bigint;
  readonly S: bigint;
}

/** An account as stored in a leaf: `Poseidon([Ax, Ay, balance + 2^64·nonce, owner])` (docs/protocol.md §3). */
export interface Account {
  readonly publicKey: PublicKey;
  readonly balance: bigint;
  readonly nonce: bigint;
  /** The L1 address that owns the account, as an integer `< 2^160`; `0n` means none. Never changes after creation. */
  readonly owner: bigint;
}

/** The signed part of a transfer. */
export interface TransferBody {
  readonly from: number;
  readonly to: number;
  readonly amount: bigint;
  readonly fee: bigint;
  readonly nonce: bigint;
}

/** A transfer with its sender's signature over `Poseidon([domain, 1 + 4·from + 2^34·to, amount + 2^64·fee, nonce])`. */
export interface SignedTransfer extends TransferBody {
  readonly signature: Signature;
}

/** The three siblings of a path node at one level of the arity-4 tree, in increasing position (docs/protocol.md §3). */
export type SiblingTriple = readonly [bigint, bigint, bigint];

/**
 * One leaf update: the account before and after, and the Merkle siblings of its index
 * (`D/2` triples, level 0 first) that are valid for both the root before and the root after the update.
 */
export interface LeafUpdate {
  readonly index: number;
  readonly before: Account;
  readonly after: Account;
  readonly siblings: readonly SiblingTriple[];
  readonly rootBefore: bigint;
  readonly rootAfter: bigint;
}

/** A transfer slot: either an applied transfer or a no-op padding slot. */
export type BatchSlot =
  | {
      readonly kind: 'transfer';
      readonly transfer: SignedTransfer;
      /** Debit of `amount + fee` and nonce increment; `rootBefore` is the slot's input root. */
      readonly sender: LeafUpdate;
      /** Credit of `amount`, applied on the root left by the sender update. */
      readonly receiver: LeafUpdate;
    }
  | {
      readonly kind: 'noop';
      /** The slot's input root, equal to its output root. */
      readonly root: bigint;
    };

/** The signed part of a withdrawal (docs/protocol.md §11): `address` is the L1 address credited, `< 2^160`, non-zero. */
export interface WithdrawalBody {
  readonly from: number;
  readonly address: bigint;
  readonly amount: bigint;
  readonly fee: bigint;
  readonly nonce: bigint;
}

/** A withdrawal with its signature over `Poseidon([domain, 2 + 4·from + 2^34·address, amount + 2^64·fee, nonce])`. */
export interface SignedWithdrawal extends WithdrawalBody {
  readonly signature: Signature;
}

/** The kinds of L1 queue operations (docs/protocol.md §12.1). */
export type QueueOperationKind = 1 | 2 | 3;

/** One L1 queue operation as the contract stored it (docs/protocol.md §12.1). */
export interface QueueOperation {
  /** Its position in the queue, from 0. */
  readonly position: number;
  /** 1: deposit to a new account, 2: deposit to an existing account, 3: forced exit. */
  readonly kind: QueueOperationKind;
  /** The account index: assigned by the contract for kind 1, given for kinds 2 and 3; `< 2^D`. */
  readonly index: number;
  /** The L2 amount deposited (0 for a forced exit), `< 2^64` and float-representable. */
  readonly amount: bigint;
  /** The L1 caller that queued it, `< 2^160`: the new account's owner (kind 1), the refund address, or the owner asking to exit. */
  readonly address: bigint;
  /** The new account's key for kind 1; `[0n, 0n]` for kinds 2 and 3. */
  readonly publicKey: PublicKey;
  /** The block timestamp (seconds) when the contract queued it. */
  readonly time: number;
}

/** Why a consumed queue operation was not applied (docs/protocol.md §12.2). */
export type QueueSkipReason = 'INDEX_TAKEN' | 'UNKNOWN_ACCOUNT' | 'BALANCE_OVERFLOW' | 'NOT_OWNER';

/** An L1 credit a batch produces (docs/protocol.md §6): `amount` L2 units added to `address`'s claimable balance. */
export interface Credit {
  readonly address: bigint;
  readonly amount: bigint;
}

/** A queue position of a batch: a consumed operation (applied or not) or an empty position. */
export type QueuePosition =
  | {
      readonly kind: 'operation';
      readonly operation: QueueOperation;
      /** `'applied'`, or the reason nothing changed. */
      readonly outcome: 'applied' | QueueSkipReason;
      /** The credit published at this position (amount 0 when nothing is paid out on L1). */
      readonly credit: Credit;
      /**
       * The leaf at `operation.index` before and after (equal when not applied). `before` is `null`
       * when the index is empty (the path then proves the leaf 0); `after` is `null` when it stays empty.
       */
      readonly update: QueueLeafUpdate;
    }
  | {
      readonly kind: 'empty';
      /** The position's input root, equal to its output root. */
      readonly root: bigint;
    };

/** A leaf update at a queue position, where either side may be the empty leaf. */
export interface QueueLeafUpdate {
  readonly index: number;
  readonly before: Account | null;
  readonly after: Account | null;
  readonly siblings: readonly SiblingTriple[];
  readonly rootBefore: bigint;
  readonly rootAfter: bigint;
}

/** A withdrawal position of a batch: an applied withdrawal or an empty position. */
export type WithdrawalPosition =
  | {
      readonly kind: 'withdrawal';
      readonly withdrawal: SignedWithdrawal;
      /** Debit of `amount + fee` and nonce increment. */
      readonly sender: LeafUpdate;
    }
  | {
      readonly kind: 'empty';
      readonly root: bigint;
    };

/** Everything the circuit needs to prove one batch, plus its batch data and public inputs (docs/protocol.md §6–§7). */
export interface Batch {
  readonly depth: number;
  readonly batchSize: number;
  /** `Q`, the queue positions per batch. */
  readonly queuePositions: number;
  /** `W`, the withdrawal positions per batch. */
  readonly withdrawalPositions: number;
  readonly domain: bigint;
  /** The batch's position in the chain of batches, `1 <= batchNumber < 2^32` (the state's `batchCount + 1`). */
  readonly batchNumber: number;
  readonly oldRoot: bigint;
  readonly newRoot: bigint;
  /** `Poseidon([domain, oldRoot])`, the state hash the contract holds before the batch. */
  readonly oldStateHash: bigint;
  /** `Poseidon([domain, newRoot])`, the circuit's first public input. */
  readonly newStateHash: bigint;
  /** Queue operations consumed before this batch (the state's `queueCount`): the first position this batch consumes. */
  readonly queueStart: number;
  /** Operations this batch consumes, `m`, `0 <= m <= queuePositions` (`submitBatch`'s `queueCount`). */
  readonly queueCount: number;
  /** The queue hash after `queueStart` operations, the third public input. */
  readonly oldQueueHash: bigint;
  /** The queue hash after `queueStart + queueCount` operations, the fourth public input. */
  readonly newQueueHash: bigint;
  readonly feeRecipient: number;
  /** Exactly `queuePositions` entries: the consumed operations in order, then empty positions. */
  readonly queue: readonly QueuePosition[];
  /** Exactly `batchSize` slots, transfers first, then no-ops. */
  readonly slots: readonly BatchSlot[];
  /** Exactly `withdrawalPositions` entries, withdrawals first, then empty positions. */
  readonly withdrawals: readonly WithdrawalPosition[];
  /** Sum of the fees of all slots and withdrawals. */
  readonly totalFees: bigint;
  /** The once-per-batch fee credit, applied on the root left by the last withdrawal position; `rootAfter = newRoot`. */
  readonly feeCredit: LeafUpdate;
  /** Batch data bytes (docs/protocol.md §7); `txData` starts after the `36 + I`-byte header. */
  readonly batchData: Uint8Array;
  /** `uint256(sha256(batchData)) & (2^253 - 1)`, the circuit's second public input. */
  readonly dataHash: bigint;
}
