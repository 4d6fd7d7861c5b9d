/** Error codes of `@zkr/bn254`: one code per defect, whichever package reads the file. */
import { defineErrors } from '@zkr/errors';

/** Every code `@zkr/bn254` throws. */
export const BN254_ERROR_CODES = [
  /** A file to read does not exist or cannot be opened. */
  'FILE_MISSING',
  /** Not a well-formed BN254 `.r1cs` file. */
  'R1CS_INVALID',
  /** Not a well-formed BN254 `.wtns` file. */
  'WTNS_INVALID',
  /** Not a well-formed Groth16 BN254 `.zkey` file. */
  'ZKEY_INVALID',
  /** Not a BN254 powers-of-tau file prepared for phase 2. */
  'PTAU_INVALID',
  /** The ptau's power is below the circuit's domain. */
  'PTAU_TOO_SMALL',
  /** A pinned engine (wasmcurves, ffjavascript, snarkjs) lacks a member zkr calls. */
  'ENGINE_INCOMPATIBLE',
  /** A worker thread failed or was closed while a task was pending. */
  'WORKER_FAILED',
  /** An argument is out of its accepted range (the message quotes it). */
  'INVALID_ARGUMENT',
] as const;

/** A code thrown by `@zkr/bn254`. */
export type Bn254ErrorCode = (typeof BN254_ERROR_CODES)[number];

/** The typed error factory of `@zkr/bn254`. */
export const bn254Error = defineErrors(BN254_ERROR_CODES);
