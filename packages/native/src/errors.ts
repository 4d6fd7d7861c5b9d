/** Error codes of `@zkr/native`. */
import { defineErrors } from '@zkr/errors';

/** Every code `@zkr/native` throws. */
export const NATIVE_ERROR_CODES = [
  /** The addon is not built, failed to load or is disabled by `ZKR_NATIVE=0` (`details.reason` says which): use the wasm engine. */
  'NATIVE_UNAVAILABLE',
  /** An argument is of the wrong type or length (the message quotes it). */
  'INVALID_ARGUMENT',
  /** A scalar is not below the group order r (`details.index` says which). */
  'SCALAR_OUT_OF_RANGE',
  /** A base is not a canonical G1 or G2 curve point in Montgomery form on the curve (`details.index` says which). */
  'POINT_INVALID',
  /** MSM on resident bases that were released (`ResidentBases.release`). */
  'BASES_RELEASED',
  /** A proving key's coefficients section has an entry out of range (`details.index` says which). */
  'COEFFICIENT_INVALID',
  /** H computation on resident coefficients that were released (`ResidentCoefficients.release`). */
  'COEFFICIENTS_RELEASED',
  /** The addon failed in a way its inputs do not explain (a bug in zkr: please report it). */
  'NATIVE_FAILED',
] as const;

/** A code thrown by `@zkr/native`. */
export type NativeErrorCode = (typeof NATIVE_ERROR_CODES)[number];

/** The typed error factory of `@zkr/native`. */
export const nativeError = defineErrors(NATIVE_ERROR_CODES);
