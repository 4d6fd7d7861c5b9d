/**
 * Error codes of `@zkr/cli`. Besides these and the codes of the libraries it calls, `main` prints
 * `USAGE` (exit 2) for commander's usage errors and `INTERNAL` for anything that is not a ZkrError.
 */
import { defineErrors } from '@zkr/errors';

/** Every code `@zkr/cli` throws itself. */
export const CLI_ERROR_CODES = [
  /** A flag's value is malformed, or flags that exclude each other were combined (`details.field`). */
  'INVALID_ARGUMENT',
  /** An output file exists and `--force` was not given. */
  'FILE_EXISTS',
  /** A proof does not verify (`zkr prove --verify`, `zkr prove verify`). */
  'PROOF_INVALID',
  /** A proof file lacks its public signals. */
  'PROOF_MALFORMED',
  /** `zkr state account` for an index without an account. */
  'UNKNOWN_ACCOUNT',
  /** No key given to `zkr tx` holds the sender's account. */
  'UNKNOWN_SENDER',
  /** `zkr tx sign --amount` has no exact float encoding (docs/protocol.md §1.1); `details` has the nearest `below` and `above`. */
  'AMOUNT_NOT_REPRESENTABLE',
  /** `zkr tx sign --fee` has no exact one-byte float encoding; `details` has the nearest `below` and `above`. */
  'FEE_NOT_REPRESENTABLE',
  /** `zkr deploy --state` is not a genesis state (its batch count is not 0). */
  'NOT_GENESIS',
  /** `zkr status --state`: the local state is not the one L1 holds (another state hash or batch count). */
  'STATE_MISMATCH',
] as const;

/** A code thrown by `@zkr/cli`. */
export type CliErrorCode = (typeof CLI_ERROR_CODES)[number];

/** The typed error factory of `@zkr/cli`. */
export const cliError = defineErrors(CLI_ERROR_CODES);
