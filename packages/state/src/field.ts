/**
 * Protocol constants (docs/protocol.md §1) and the range checks every entry point uses.
 */
import { FR_ORDER } from '@zkr/bn254';
import type { ZkrError } from '@zkr/errors';
import { stateError } from './errors';

/** The BN254 scalar field order `r` (`@zkr/bn254`'s `FR_ORDER`); every field element is in `[0, r)`. */
export const FIELD_ORDER = FR_ORDER;

/** The order `l` of the Baby Jubjub prime subgroup; EdDSA `S` must be `< l`. */
export const SUBGROUP_ORDER = 2736030358979909402780800718157159386076813972158567259200215660948447373041n;

/** Bit width `B` of balances, amounts, fees and nonces. */
export const VALUE_BITS = 64;

/** `2^64`: balances, amounts, fees and nonces are `< 2^64`. */
export const VALUE_LIMIT = 1n << 64n;

/** The largest supported account tree depth. */
export const MAX_DEPTH = 32;

/**
 * The largest batch size `N` (docs/protocol.md §1): at depth 32 a slot costs about 52k constraints
 * (two Merkle updates, a signature, range checks, its 24 bytes of SHA-256), so 4096 slots stay
 * under 2^28, the largest public powers-of-tau file.
 */
export const MAX_BATCH_SIZE = 4096;

/** True iff `value` is a bigint in `[0, r)`. */
export function isFieldElement(value: unknown): value is bigint {
  return typeof value === 'bigint' && value >= 0n && value < FIELD_ORDER;
}

/** True iff `value` is a bigint in `[0, 2^64)`. */
export function isValue(value: unknown): value is bigint {
  return typeof value === 'bigint' && value >= 0n && value < VALUE_LIMIT;
}

/** True iff `value` is an integer account index in `[0, 2^depth)`. */
export function isIndex(value: unknown, depth: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 2 ** depth;
}

function invalid(field: string, expected: string, value: unknown): ZkrError {
  const shown = typeof value === 'bigint' ? value.toString() : JSON.stringify(value);
  return stateError('INVALID_ARGUMENT', `${field} must be ${expected}, got ${shown}`, {
    details: { field, value },
  });
}

/** Throws `INVALID_ARGUMENT` unless `depth` is an integer in `[1, 32]`. */
export function assertDepth(depth: unknown, field = 'depth'): asserts depth is number {
  if (typeof depth !== 'number' || !Number.isInteger(depth) || depth < 1 || depth > MAX_DEPTH) {
    throw invalid(field, `an integer 1 <= ${field} <= ${MAX_DEPTH}`, depth);
  }
}

/** Throws `INVALID_ARGUMENT` unless `value` is a field element. */
export function assertFieldElement(value: unknown, field: string): asserts value is bigint {
  if (!isFieldElement(value)) throw invalid(field, `a bigint 0 <= ${field} < r`, value);
}

/** Throws `INVALID_ARGUMENT` unless `value` is a bigint in `[0, 2^64)`. */
export function assertValue(value: unknown, field: string): asserts value is bigint {
  if (!isValue(value)) throw invalid(field, `a bigint 0 <= ${field} < 2^64`, value);
}

/** Throws `INVALID_ARGUMENT` unless `value` is an account index of a tree of depth `depth`. */
export function assertIndex(value: unknown, depth: number, field: string): asserts value is number {
  if (!isIndex(value, depth)) throw invalid(field, `an integer 0 <= ${field} < 2^${depth}`, value);
}

/** Throws `INVALID_ARGUMENT` unless `value` is an integer in `[min, max]`. */
export function assertInteger(value: unknown, field: string, min: number, max: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(field, `an integer ${min} <= ${field} <= ${max}`, value);
  }
}
