/** Error codes of `@zkr/setup` (file-format defects carry `@zkr/bn254`'s codes: R1CS_INVALID, ZKEY_INVALID, PTAU_INVALID...). */
import { defineErrors } from '@zkr/errors';

/** Every code `@zkr/setup` throws itself. */
export const SETUP_ERROR_CODES = [
  /** The artifact directory was never set up (no manifest.json). */
  'ARTIFACTS_MISSING',
  /** A file of the artifact directory does not match its manifest, or the manifest is invalid. */
  'ARTIFACTS_CORRUPT',
  /** A well-formed zkey for another circuit. */
  'ZKEY_MISMATCH',
  /** A ptau other than the one the key was made from. */
  'PTAU_MISMATCH',
  /** The circuit needs a larger Groth16 domain than supported. */
  'CIRCUIT_TOO_LARGE',
  /** An argument is out of its accepted range (the message quotes it). */
  'INVALID_ARGUMENT',
  /** An input file (r1cs, wasm) does not exist, is not a regular file or cannot be read (`details.field`). */
  'INPUT_FILE_INVALID',
  /** The artifact directory path is an existing non-directory, or cannot be created or written. */
  'OUT_DIR_INVALID',
  /** A fixed-base worker failed or the pool was terminated with work pending. */
  'WORKER_FAILED',
] as const;

/** A code thrown by `@zkr/setup`. */
export type SetupErrorCode = (typeof SETUP_ERROR_CODES)[number];

/** The typed error factory of `@zkr/setup`. */
export const setupError = defineErrors(SETUP_ERROR_CODES);
