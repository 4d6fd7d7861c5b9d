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
] as const;

/** A code thrown by `@zkr/cli`. */
export type CliErrorCode = (typeof CLI_ERROR_CODES)[number];

/** The typed error factory of `@zkr/cli`. */
export const cliError = defineErrors(CLI_ERROR_CODES);
