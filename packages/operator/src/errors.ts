/** Error codes of `@zkr/operator` (the libraries it drives throw their own). */
import { defineErrors } from '@zkr/errors';

/** Every code `@zkr/operator` throws itself. */
export const OPERATOR_ERROR_CODES = [
  /** An option is out of its accepted range (the message quotes it). */
  'INVALID_ARGUMENT',
  /** After a settled batch the rollup's state hash or batch count on L1 differs from the local state's. */
  'STATE_MISMATCH',
] as const;

/** A code thrown by `@zkr/operator`. */
export type OperatorErrorCode = (typeof OPERATOR_ERROR_CODES)[number];

/** The typed error factory of `@zkr/operator`. */
export const operatorError = defineErrors(OPERATOR_ERROR_CODES);
