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

/** An account as stored in a leaf: `Poseidon([Ax, Ay, balance, nonce])`. */
export interface Account {
  readonly publicKey: PublicKey;
  readonly balance: bigint;
  readonly nonce: bigint;
}

/** The signed part of a transfer. */
export interface TransferBody {
  readonly from: number;
  readonly to: number;
  readonly amount: bigint;
  readonly fee: bigint;
  readonly nonce: bigint;
}

/** A transfer with its sender's signature over `Poseidon([domain, from, to, amount, fee, nonce])`. */
export interface SignedTransfer extends TransferBody {
  readonly signature: Signature;
}

/**
 * One leaf update: the account before and after, and the Merkle siblings of its index
 * (level 0 first) that are valid for both the root before and the root after the update.
 */
export interface LeafUpdate {
  readonly index: number;
  readonly before: Account;
  readonly after: Account;
  readonly siblings: readonly bigint[];
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

/** Everything the circuit needs to prove one batch, plus its public data. */
export interface Batch {
  readonly depth: number;
  readonly batchSize: number;
  readonly domain: bigint;
  readonly oldRoot: bigint;
  readonly newRoot: bigint;
  readonly feeRecipient: number;
  /** Exactly `batchSize` slots, transfers first, then no-ops. */
  readonly slots: readonly BatchSlot[];
  /** Sum of the fees of all slots. */
  readonly totalFees: bigint;
  /** The once-per-batch fee credit, applied on the root left by the last slot; `rootAfter = newRoot`. */
  readonly feeCredit: LeafUpdate;
  /** Public data bytes (docs/protocol.md §7), `100 + 24 * batchSize` long. */
  readonly publicData: Uint8Array;
  /** `uint256(sha256(publicData)) & (2^253 - 1)`, the circuit's single public input. */
  readonly publicInput: bigint;
}
