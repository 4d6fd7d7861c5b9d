/**
 * Multi-scalar multiplication on BN254 G1 in the native addon. Points use the layout of zkey point
 * sections and of ffjavascript's bn128 engine: affine (x, y), each coordinate 32 little-endian bytes
 * in Montgomery form (x * 2^256 mod q), the point at infinity as 64 zero bytes. Scalars are
 * 32 little-endian bytes in standard form, each below r.
 */
import { availableParallelism } from 'node:os';
import { nativeAddon } from './addon';
import { nativeError } from './errors';

/** Bytes of one affine G1 point. */
const POINT_BYTES = 64;
/** Bytes of one scalar. */
const SCALAR_BYTES = 32;
/** Largest thread count accepted (the addon's limit). */
const MAX_THREADS = 256;

function invalid(field: string, expected: string, value: unknown): never {
  throw nativeError('INVALID_ARGUMENT', `${field} must be ${expected}, got ${describe(value)}`, { details: { field } });
}

function describe(value: unknown): string {
  if (value instanceof Uint8Array) return `${value.byteLength} bytes`;
  if (ArrayBuffer.isView(value)) return value.constructor.name;
  return typeof value === 'number' ? String(value) : typeof value;
}

/**
 * `sum scalars[i] * bases[i]` over `n` affine bases (`n * 64` bytes) and `n` scalars (`n * 32` bytes)
 * on `threads` threads (default: available cores); the affine result in the same layout.
 * `INVALID_ARGUMENT`, `SCALAR_OUT_OF_RANGE`, `POINT_INVALID` name the offending input;
 * `NATIVE_UNAVAILABLE` when the addon cannot be used.
 */
export function msmG1(bases: Uint8Array, scalars: Uint8Array, threads: number = availableParallelism()): Uint8Array {
  if (!(bases instanceof Uint8Array) || bases.byteLength % POINT_BYTES !== 0) invalid('bases', `a Uint8Array of n * ${POINT_BYTES} bytes`, bases);
  const n = bases.byteLength / POINT_BYTES;
  if (!(scalars instanceof Uint8Array) || scalars.byteLength !== n * SCALAR_BYTES) invalid('scalars', `a Uint8Array of ${n} * ${SCALAR_BYTES} bytes (one scalar per base)`, scalars);
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) invalid('threads', `an integer in [1, ${MAX_THREADS}]`, threads);
  const addon = nativeAddon();
  try {
    return addon.msmG1(bases, scalars, threads);
  } catch (error) {
    throw addonError(error);
  }
}

/** Maps an error the addon threw (its `code`, and the index as message) to a ZkrError. */
function addonError(error: unknown) {
  const { code, message } = error as { code?: unknown; message?: unknown };
  const index = Number(message);
  if (code === 'SCALAR_OUT_OF_RANGE') return nativeError('SCALAR_OUT_OF_RANGE', `scalar ${index} is not below r; reduce every scalar mod r`, { details: { index } });
  if (code === 'POINT_INVALID') {
    return nativeError('POINT_INVALID', `base ${index} is not a G1 point (affine x, y in Montgomery form, little-endian; zeros for infinity); pass points as a zkey stores them`, { details: { index } });
  }
  return nativeError('NATIVE_FAILED', `the native MSM failed (${String(message)}); use the wasm engine (--engine zkr) and report the bug`, { details: { code }, cause: error });
}
