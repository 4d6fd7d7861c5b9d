/** Error codes of `@zkr/state`. Transfers and withdrawals the builder rejects carry `REJECTION_CODES` / `WITHDRAWAL_REJECTION_CODES` instead (they are not thrown). */
import { defineErrors } from '@zkr/errors';

/** Every code `@zkr/state` throws. */
export const STATE_ERROR_CODES = [
  /** An argument is out of its accepted range or of the wrong type (the message quotes it). */
  'INVALID_ARGUMENT',
  /** Two genesis accounts share an index. */
  'DUPLICATE_ACCOUNT',
  /** The batch's fee recipient has no account. */
  'UNKNOWN_FEE_RECIPIENT',
  /** Batch data bytes (docs/protocol.md §7) of the wrong length, or with a field that no valid batch holds (`details.field`). */
  'INVALID_BATCH_DATA',
  /** An amount with no float encoding (docs/protocol.md §1.1); `details` carries the nearest representable `below` and `above`. */
  'AMOUNT_NOT_REPRESENTABLE',
  /** A fee with no one-byte float encoding (docs/protocol.md §1.1); `details` carries the nearest representable `below` and `above`. */
  'FEE_NOT_REPRESENTABLE',
  /** A file to read does not exist or cannot be read (the same code as `@zkr/bn254`'s readers). */
  'FILE_MISSING',
  /** A file cannot be written (directory missing, permissions, disk full). */
  'FILE_UNWRITABLE',
  /** A file is not JSON. */
  'INVALID_JSON',
  /** A JSON file of the wrong kind, or with a field that fails validation (`details.field`). */
  'INVALID_FILE',
  /** A JSON file of another zkr protocol version than 3 (`details.version`); re-create it with this zkr. */
  'UNSUPPORTED_VERSION',
  /** A batch whose derived fields (roots, after accounts, fees, state hashes, batch data or data hash) do not follow from its inputs (`details.field`). */
  'BATCH_INCONSISTENT',
  /** A batch size above `MAX_BATCH_SIZE`, the largest batch circuit that fits the largest ptau. */
  'BATCH_TOO_LARGE',
  /** L1 queue operations (docs/protocol.md §12) with a gap, out of order, or not the ones the state already consumed (`details.field`). */
  'QUEUE_MISMATCH',
  /** Batch data that does not apply to the state it is replayed on (another old state hash or batch number, a credit the queue rule does not give, a debit the balance cannot cover; `details.field`). */
  'DATA_MISMATCH',
  /** Stored account tree rows (`AccountTree.fromStoredNodes`) that do not form the tree of the expected root (`details.level`, `details.position` or `details.field`). */
  'INVALID_TREE',
] as const;

/** A code thrown by `@zkr/state`. */
export type StateErrorCode = (typeof STATE_ERROR_CODES)[number];

/** The typed error factory of `@zkr/state`. */
export const stateError = defineErrors(STATE_ERROR_CODES);
