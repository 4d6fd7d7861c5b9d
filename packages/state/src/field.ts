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

/** The smallest supported account tree depth (one level of the arity-4 tree). */
export const MIN_DEPTH = 2;

/** The largest supported account tree depth. */
export const MAX_DEPTH = 32;

/** `2^160`: an owner (an L1 address as an integer) is `< 2^160`. */
export const OWNER_LIMIT = 1n << 160n;

/** Bit width `QH` of a queue hash (docs/protocol.md §12.1): 216, so that it fits one storage word with the operation's 40-bit time. */
export const QUEUE_HASH_BITS = 216;

/** `2^216`: a queue hash is below it. */
export const QUEUE_HASH_LIMIT = 1n << 216n;

/** The largest number of queue positions `Q` or withdrawal positions `W` per batch (docs/protocol.md §1). */
export const MAX_POSITIONS = 64;

/** `Q` and `W` of a rollup that does not choose them (docs/protocol.md §1). */
export const DEFAULT_POSITIONS = 1;

/** `2^32`: batch numbers are `< 2^32` (a uint32 in the batch data). */
export const BATCH_NUMBER_LIMIT = 2 ** 32;

/**
 * The largest batch size `N` (docs/protocol.md §1): at depth 32 a slot costs well under 64k
 * constraints (two arity-4 Merkle updates, a signature, range checks, its 14 bytes of SHA-256), so
 * 4096 slots stay under 2^28, the largest public powers-of-tau file.
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

/** True iff `value` is a bigint in `[0, 2^160)`, an L1 owner address as an integer. */
export function isOwner(value: unknown): value is bigint {
  return typeof value === 'bigint' && value >= 0n && value < OWNER_LIMIT;
}

/** True iff `value` is an L1 address usable in a withdrawal or a queue operation: a bigint in `[1, 2^160)` (docs/protocol.md §1). */
export function isL1Address(value: unknown): value is bigint {
  return isOwner(value) && value !== 0n;
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

/** True iff `depth` is a supported tree depth: an even integer in `[2, 32]`. */
export function isDepth(depth: unknown): depth is number {
  return typeof depth === 'number' && Number.isInteger(depth) && depth >= MIN_DEPTH && depth <= MAX_DEPTH && depth % 2 === 0;
}

/** Throws `INVALID_ARGUMENT` unless `depth` is an even integer in `[2, 32]` (the arity-4 tree has `depth / 2` levels). */
export function assertDepth(depth: unknown, field = 'depth'): asserts depth is number {
  if (!isDepth(depth)) {
    throw invalid(field, `an even integer ${MIN_DEPTH} <= ${field} <= ${MAX_DEPTH} (the arity-4 tree has ${field}/2 levels; use 8, 16, 24 or 32)`, depth);
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

/** Throws `INVALID_ARGUMENT` unless `value` is an owner, a bigint in `[0, 2^160)`. */
export function assertOwner(value: unknown, field: string): asserts value is bigint {
  if (!isOwner(value)) throw invalid(field, `a bigint 0 <= ${field} < 2^160 (an L1 address; 0 for none)`, value);
}

/** Throws `INVALID_ARGUMENT` unless `value` is a non-zero L1 address, a bigint in `[1, 2^160)`. */
export function assertL1Address(value: unknown, field: string): asserts value is bigint {
  if (!isL1Address(value)) throw invalid(field, `a bigint 0 < ${field} < 2^160 (a non-zero L1 address)`, value);
}

/** Throws `INVALID_ARGUMENT` unless `value` is a number of queue or withdrawal positions per batch, an integer in `[1, 64]`. */
export function assertPositions(value: unknown, field: string): asserts value is number {
  assertInteger(value, field, 1, MAX_POSITIONS);
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
