/**
 * Multi-scalar multiplication on BN254 G1 and G2 in the native addon. Points use the layout of
 * zkey point sections and of ffjavascript's bn128 engine: affine (x, y), each coordinate little-endian
 * in Montgomery form (x * 2^256 mod q; a G2 coordinate is c0 then c1), 64 bytes per G1 point and
 * 128 per G2 point, the point at infinity as all zeros. Scalars are 32 little-endian bytes in
 * standard form, each below r. G2 bases are checked to be on the twist curve, not for subgroup
 * membership (zkey points are trusted to be in it).
 */
import { availableParallelism } from 'node:os';
import { nativeAddon, type BasesHandle } from './addon';
import { nativeError } from './errors';

/** The group of a base: 1 for G1, 2 for G2. */
export type Group = 1 | 2;

/** Bytes of one affine point of each group. */
const POINT_BYTES = { 1: 64, 2: 128 } as const;
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

/** The number of points in `bases` (`INVALID_ARGUMENT` unless a Uint8Array of whole points). */
function pointCount(group: Group, bases: Uint8Array): number {
  const size = POINT_BYTES[group];
  if (!(bases instanceof Uint8Array) || bases.byteLength % size !== 0) invalid('bases', `a Uint8Array of n * ${size} bytes (G${group} points)`, bases);
  return bases.byteLength / size;
}

function checkScalars(scalars: Uint8Array, n: number): void {
  if (!(scalars instanceof Uint8Array) || scalars.byteLength !== n * SCALAR_BYTES) invalid('scalars', `a Uint8Array of ${n} * ${SCALAR_BYTES} bytes (one scalar per base)`, scalars);
}

function checkThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) invalid('threads', `an integer in [1, ${MAX_THREADS}]`, threads);
}

function msm(group: Group, bases: Uint8Array, scalars: Uint8Array, threads: number): Uint8Array {
  checkScalars(scalars, pointCount(group, bases));
  checkThreads(threads);
  const addon = nativeAddon();
  try {
    return addon.msm(group, bases, scalars, threads);
  } catch (error) {
    throw addonError(error, group);
  }
}

/**
 * `sum scalars[i] * bases[i]` over `n` affine G1 bases (`n * 64` bytes) and `n` scalars (`n * 32`
 * bytes) on `threads` threads (default: available cores); the affine result in the same layout.
 * `INVALID_ARGUMENT`, `SCALAR_OUT_OF_RANGE`, `POINT_INVALID` name the offending input;
 * `NATIVE_UNAVAILABLE` when the addon cannot be used.
 */
export function msmG1(bases: Uint8Array, scalars: Uint8Array, threads: number = availableParallelism()): Uint8Array {
  return msm(1, bases, scalars, threads);
}

/** {@link msmG1} on G2: `n * 128`-byte bases, a 128-byte affine result. */
export function msmG2(bases: Uint8Array, scalars: Uint8Array, threads: number = availableParallelism()): Uint8Array {
  return msm(2, bases, scalars, threads);
}

/**
 * Bases copied once into native memory (checked there once), for many MSMs against new scalars:
 * a proving key's point sections for the Prover's lifetime. {@link release} frees the copy.
 */
export class ResidentBases {
  private released = false;

  private constructor(
    private readonly handle: BasesHandle,
    /** The group of the bases. */
    readonly group: Group,
    /** The number of bases. */
    readonly count: number,
  ) {}

  /**
   * Copies and checks `bases` (G`group` points in the layout above) on `threads` threads:
   * `POINT_INVALID` naming the first bad point, `INVALID_ARGUMENT`, `NATIVE_UNAVAILABLE`.
   */
  static load(group: Group, bases: Uint8Array, threads: number = availableParallelism()): ResidentBases {
    if (group !== 1 && group !== 2) invalid('group', '1 or 2', group);
    const count = pointCount(group, bases);
    checkThreads(threads);
    const addon = nativeAddon();
    try {
      return new ResidentBases(addon.loadBases(group, bases, threads), group, count);
    } catch (error) {
      throw addonError(error, group);
    }
  }

  /**
   * `sum scalars[i] * bases[i]` on `threads` native threads, off the JavaScript thread; resolves
   * with the affine result. The scalars are copied at the call. `SCALAR_OUT_OF_RANGE` names the
   * first scalar not below r; `BASES_RELEASED` after {@link release}.
   */
  async msm(scalars: Uint8Array, threads: number = availableParallelism()): Promise<Uint8Array> {
    if (this.released) throw releasedError();
    checkScalars(scalars, this.count);
    checkThreads(threads);
    try {
      return await nativeAddon().msmResident(this.handle, scalars, threads);
    } catch (error) {
      throw addonError(error, this.group);
    }
  }

  /** Frees the native copy (an MSM still running keeps it until it ends); idempotent. */
  release(): void {
    if (this.released) return;
    this.released = true;
    nativeAddon().releaseBases(this.handle);
  }
}

function releasedError() {
  return nativeError('BASES_RELEASED', 'these resident bases were released; load them again with ResidentBases.load');
}

/** Maps an error the addon threw (its `code`, and the index as message) to a ZkrError. */
function addonError(error: unknown, group: Group) {
  const { code, message } = error as { code?: unknown; message?: unknown };
  const index = Number(message);
  if (code === 'SCALAR_OUT_OF_RANGE') return nativeError('SCALAR_OUT_OF_RANGE', `scalar ${index} is not below r; reduce every scalar mod r`, { details: { index } });
  if (code === 'POINT_INVALID') {
    return nativeError('POINT_INVALID', `base ${index} is not a G${group} point (affine x, y in Montgomery form, little-endian; zeros for infinity); pass points as a zkey stores them`, {
      details: { index },
    });
  }
  if (code === 'RELEASED') return releasedError();
  return nativeError('NATIVE_FAILED', `the native MSM failed (${String(message)}); use the wasm engine (--engine zkr) and report the bug`, { details: { code }, cause: error });
}
