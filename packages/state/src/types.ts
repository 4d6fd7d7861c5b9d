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

/** Everything the circuit needs to prove one batch, plus its batch data and public inputs. */
export interface Batch {
  readonly depth: number;
  readonly batchSize: number;
  readonly domain: bigint;
  /** The batch's position in the chain of batches, `1 <= batchNumber < 2^32` (the state's `batchCount + 1`). */
  readonly batchNumber: number;
  readonly oldRoot: bigint;
  readonly newRoot: bigint;
  /** `Poseidon([domain, oldRoot])`, the state hash the contract holds before the batch. */
  readonly oldStateHash: bigint;
  /** `Poseidon([domain, newRoot])`, the circuit's first public input. */
  readonly newStateHash: bigint;
  readonly feeRecipient: number;
  /** Exactly `batchSize` slots, transfers first, then no-ops. */
  readonly slots: readonly BatchSlot[];
  /** Sum of the fees of all slots. */
  readonly totalFees: bigint;
  /** The once-per-batch fee credit, applied on the root left by the last slot; `rootAfter = newRoot`. */
  readonly feeCredit: LeafUpdate;
  /** Batch data bytes (docs/protocol.md §7), `40 + S * batchSize` long; the slot bytes (`txData`) start at byte 40. */
  readonly batchData: Uint8Array;
  /** `uint256(sha256(batchData)) & (2^253 - 1)`, the circuit's second public input. */
  readonly dataHash: bigint;
}
