/** Error codes of `@zkr/prover` (unreadable or malformed zkey / wtns files carry `@zkr/bn254`'s FILE_MISSING, ZKEY_INVALID, WTNS_INVALID). */
import { defineErrors } from '@zkr/errors';

/** Every code `@zkr/prover` throws itself. */
export const PROVER_ERROR_CODES = [
  /** The verification key is not JSON or not a Groth16 BN254 key. */
  'VKEY_INVALID',
  /** The verification key belongs to another proving key. */
  'VKEY_MISMATCH',
  /** The witness wasm and the proving key belong to different circuits. */
  'WASM_ZKEY_MISMATCH',
  /** A witness with another variable count than the proving key. */
  'WITNESS_MISMATCH',
  /** The engine name is not one of `zkr`, `native`, `snarkjs`. */
  'ENGINE_UNKNOWN',
  /** An MSM worker or the native addon failed. */
  'ENGINE_FAILED',
  /** The Prover (or its engine) was closed, possibly while a proof was running. */
  'PROVER_CLOSED',
  /** A batch was given but the Prover does not know its circuit instance. */
  'INSTANCE_UNKNOWN',
  /** The proof or public signals are not in snarkjs's Groth16 BN254 shape. */
  'PROOF_MALFORMED',
  /** The key's domain is larger than the zkr engine supports. */
  'CIRCUIT_TOO_LARGE',
  /** Raw circuit input that is not an object of signal names to integers (`details.field` names the signal). */
  'INVALID_CIRCUIT_INPUT',
  /** An argument is out of its accepted range (the message quotes it). */
  'INVALID_ARGUMENT',
] as const;

/** A code thrown by `@zkr/prover`. */
export type ProverErrorCode = (typeof PROVER_ERROR_CODES)[number];

/** The typed error factory of `@zkr/prover`. */
export const proverError = defineErrors(PROVER_ERROR_CODES);
