/** Error codes of `@zkr/sequencer` (the libraries it drives throw their own). */
import { defineErrors } from '@zkr/errors';

/**
 * Every code `@zkr/sequencer` throws itself. A refused transaction carries the builder's rule code
 * (docs/protocol.md §5, §11: `INVALID_SIGNATURE`, `BAD_NONCE`, `INSUFFICIENT_BALANCE`...), so the
 * mempool and the batch builder name a broken rule the same way.
 */
export const SEQUENCER_ERROR_CODES = [
  /** An option, flag or config value is out of its accepted range (the message quotes it). */
  'INVALID_ARGUMENT',
  /** A submitted transaction is malformed (schema: missing field, not a decimal string, index out of range). */
  'INVALID_TRANSACTION',
  // The builder's rules (docs/protocol.md §5 transfers, §11 withdrawals), checked on entry against the state plus pending transactions.
  'FIELD_RANGE', 'AMOUNT_NOT_REPRESENTABLE', 'FEE_NOT_REPRESENTABLE', 'ZERO_TRANSFER', 'ZERO_WITHDRAWAL', 'INVALID_ADDRESS',
  'UNKNOWN_SENDER', 'UNKNOWN_RECEIVER', 'INVALID_SIGNATURE', 'BAD_NONCE', 'NONCE_OVERFLOW', 'INSUFFICIENT_BALANCE', 'RECEIVER_OVERFLOW', 'FEE_OVERFLOW',
  /** The same transaction (same id) was accepted already. */
  'DUPLICATE_TRANSACTION',
  /** The mempool holds its maximum number of transactions; retry later. */
  'MEMPOOL_FULL',
  /** No transaction, account, batch or queue operation with this id, index or number. */
  'NOT_FOUND',
  /** The database was written by a newer zkr (its schema version is above the newest migration this one knows). */
  'SCHEMA_TOO_NEW',
  /** The database belongs to another rollup (deployment, genesis or circuit instance differ). */
  'STORE_MISMATCH',
  /** The database's content is inconsistent (a stored root differs from the one recomputed, a missing row). */
  'STORE_CORRUPT',
  /** The local state and L1 disagree (state hash, batch count or queue) in a way the node cannot repair by itself. */
  'STATE_MISMATCH',
  /** L1 reorganised deeper than the node keeps block hashes for; rebuild with `zkr sync`. */
  'REORG_TOO_DEEP',
  /** The node is not running (`start()` first), is stopping, or is running already. */
  'NOT_RUNNING',
  'ALREADY_RUNNING',
] as const;

/** A code thrown by `@zkr/sequencer`. */
export type SequencerErrorCode = (typeof SEQUENCER_ERROR_CODES)[number];

/** The typed error factory of `@zkr/sequencer`. */
export const sequencerError = defineErrors(SEQUENCER_ERROR_CODES);
