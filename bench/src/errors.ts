/** Error codes of `@zkr/bench` (the libraries it measures throw their own). */
import { defineErrors } from '@zkr/errors';

/** Every code `@zkr/bench` throws itself. */
export const BENCH_ERROR_CODES = [
  /** A benchmark option or input is out of its accepted range (the message quotes it). */
  'INVALID_ARGUMENT',
  /** A measured run produced an invalid result (a proof that does not verify, a rejected transfer). */
  'BENCH_INVALID',
  /** The results directory cannot be written (the same code as `@zkr/state`'s writers). */
  'FILE_UNWRITABLE',
] as const;

/** A code thrown by `@zkr/bench`. */
export type BenchErrorCode = (typeof BENCH_ERROR_CODES)[number];

/** The typed error factory of `@zkr/bench`. */
export const benchError = defineErrors(BENCH_ERROR_CODES);
