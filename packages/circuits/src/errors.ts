/** Error codes of `@zkr/circuits` (the r1cs/wtns readers it re-exports throw `@zkr/bn254`'s codes). */
import { defineErrors } from '@zkr/errors';

/** Every code `@zkr/circuits` throws itself. */
export const CIRCUITS_ERROR_CODES = [
  /** Depth or batch size outside the supported range. */
  'INVALID_INSTANCE',
  /** circom failed, or its output did not verify. */
  'CIRCUIT_COMPILE_FAILED',
  /** The `.circom` templates are not where the options say. */
  'CIRCUIT_SOURCES_MISSING',
  /** The witness wasm is not a BN254 circom witness calculator (`FILE_MISSING` when it cannot be read). */
  'WASM_INVALID',
  /** No witness exists: a circuit constraint fails for this input. */
  'WITNESS_CONSTRAINT_FAILED',
  /** Missing, extra or mis-sized input signals. */
  'INVALID_CIRCUIT_INPUT',
  /** The batch does not fit the circuit instance. */
  'INSTANCE_MISMATCH',
  /** The batch object is malformed. */
  'INVALID_BATCH',
  /** A cache directory cannot be used: it is a file (or under one), or cannot be created or written. */
  'FILE_UNWRITABLE',
] as const;

/** A code thrown by `@zkr/circuits`. */
export type CircuitsErrorCode = (typeof CIRCUITS_ERROR_CODES)[number];

/** The typed error factory of `@zkr/circuits`. */
export const circuitsError = defineErrors(CIRCUITS_ERROR_CODES);
