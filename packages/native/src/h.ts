/**
 * The H polynomial of a Groth16 proof in the native addon (csrc/ntt.cc): the same values as
 * snarkjs's `groth16_prove.js` computes with ffjavascript's FFTs, on native threads, either from
 * the evaluations of A, B and C ({@link groth16H}) or straight from a witness against a proving
 * key's coefficients kept in native memory ({@link ResidentCoefficients}).
 */
import { availableParallelism } from 'node:os';
import { nativeAddon, type CoefficientsHandle } from './addon';
import { nativeError } from './errors';

/** The evaluation domain of the H computation. */
export interface HDomain {
  /** log2 of the domain size n. */
  readonly power: number;
  /** A primitive n-th root of unity of Fr (the one the proving key was made with). */
  readonly root: bigint;
  /** The coset shift: a primitive 2n-th root of unity. */
  readonly shift: bigint;
}

function checkPower(power: number): void {
  if (!Number.isInteger(power) || power < 0 || power > 27) throw nativeError('INVALID_ARGUMENT', `power must be an integer in [0, 27], got ${power}`, { details: { field: 'power' } });
}

function checkThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1 || threads > 256) throw nativeError('INVALID_ARGUMENT', `threads must be an integer in [1, 256], got ${threads}`, { details: { field: 'threads' } });
}

function le32(value: bigint, field: string): Uint8Array {
  if (typeof value !== 'bigint' || value < 0n || value >= 1n << 256n) throw nativeError('INVALID_ARGUMENT', `${field} must be a bigint in [0, 2^256), got ${String(value)}`, { details: { field } });
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((value >> BigInt(8 * i)) & 0xffn);
  return out;
}

/**
 * `A(x) * B(x) - C(x)` on the coset `shift * <root>` from the evaluations of A, B and C on `<root>`
 * (`n * 32` bytes each, Montgomery form, as `qap_buildABC` writes them): `n` standard-form scalars,
 * the H MSM's input. The inputs are copied at the call. `INVALID_ARGUMENT` for wrong sizes,
 * `NATIVE_UNAVAILABLE` when the addon cannot be used.
 */
export async function groth16H(a: Uint8Array, b: Uint8Array, c: Uint8Array, domain: HDomain, threads: number = availableParallelism()): Promise<Uint8Array> {
  const { power } = domain;
  checkPower(power);
  const bytes = 2 ** power * 32;
  for (const [field, value] of [['a', a], ['b', b], ['c', c]] as const) {
    if (!(value instanceof Uint8Array) || value.byteLength !== bytes) throw nativeError('INVALID_ARGUMENT', `${field} must be a Uint8Array of 2^${power} * 32 bytes`, { details: { field } });
  }
  checkThreads(threads);
  const [root, shift] = [le32(domain.root, 'root'), le32(domain.shift, 'shift')];
  const addon = nativeAddon();
  try {
    return await addon.groth16H(a, b, c, power, root, shift, threads);
  } catch (error) {
    throw nativeError('NATIVE_FAILED', `the native H computation failed (${(error as Error).message}); use the wasm engine (--engine zkr) and report the bug`, { cause: error });
  }
}

function releasedCoefficients() {
  return nativeError('COEFFICIENTS_RELEASED', 'these resident coefficients were released; load them again with ResidentCoefficients.load');
}

/**
 * A proving key's QAP coefficients (zkey section 4: a u32 count, then entries of matrix u32
 * (0: A, 1: B), constraint u32, signal u32 and a 32-byte coefficient as the zkey stores it),
 * checked and copied once into native memory, grouped by constraint. {@link h} evaluates A and B
 * against a witness on native threads (each thread a range of constraints), C = A * B, and runs
 * the H NTTs on them there: what `qap_buildABC` then {@link groth16H} compute, without A, B, C
 * leaving native memory. {@link release} frees the copy.
 */
export class ResidentCoefficients {
  private released = false;

  private constructor(
    private readonly handle: CoefficientsHandle,
    /** The evaluation domain the coefficients' constraints index. */
    readonly domain: HDomain,
    /** The number of witness values a witness must have. */
    readonly nVars: number,
  ) {}

  /**
   * Checks and copies `section` for a key of `nVars` witness values over `domain`:
   * `COEFFICIENT_INVALID` naming the first entry whose matrix is not 0 or 1, whose constraint is
   * not below the domain size, whose signal is not below `nVars` or whose coefficient is not below
   * r; `INVALID_ARGUMENT`, `NATIVE_UNAVAILABLE`.
   */
  static load(section: Uint8Array, nVars: number, domain: HDomain): ResidentCoefficients {
    if (!(section instanceof Uint8Array) || section.byteLength < 4) throw nativeError('INVALID_ARGUMENT', 'section must be a Uint8Array holding zkey section 4', { details: { field: 'section' } });
    checkPower(domain.power);
    if (!Number.isInteger(nVars) || nVars < 1 || nVars > 0xffffffff) throw nativeError('INVALID_ARGUMENT', `nVars must be an integer in [1, 2^32), got ${nVars}`, { details: { field: 'nVars' } });
    le32(domain.root, 'root');
    le32(domain.shift, 'shift');
    const addon = nativeAddon();
    try {
      return new ResidentCoefficients(addon.loadCoefficients(section, domain.power, nVars), domain, nVars);
    } catch (error) {
      const { code, message } = error as { code?: unknown; message?: unknown };
      if (code === 'COEFFICIENT_INVALID') {
        const text = String(message);
        const index = Number(text.slice(0, text.indexOf(':')));
        throw invalidCoefficient(index, text.slice(text.indexOf(':') + 2));
      }
      if (code === 'INVALID_ARGUMENT') throw nativeError('INVALID_ARGUMENT', String(message), { details: { field: 'section' } });
      throw nativeError('NATIVE_FAILED', `loading the coefficients failed (${String(message)}); use the wasm engine (--engine zkr) and report the bug`, { cause: error });
    }
  }

  /**
   * The H scalars of a proof (`domain` size * 32 bytes, standard form: the H MSM's input) from its
   * witness (`nVars * 32` bytes, standard form, copied at the call), on `threads` native threads
   * off the JavaScript thread. `SCALAR_OUT_OF_RANGE` names the first witness value not below r;
   * `COEFFICIENTS_RELEASED` after {@link release}.
   */
  async h(witness: Uint8Array, threads: number = availableParallelism()): Promise<Uint8Array> {
    if (this.released) throw releasedCoefficients();
    if (!(witness instanceof Uint8Array) || witness.byteLength !== this.nVars * 32) {
      throw nativeError('INVALID_ARGUMENT', `witness must be a Uint8Array of ${this.nVars} * 32 bytes`, { details: { field: 'witness' } });
    }
    checkThreads(threads);
    const [root, shift] = [le32(this.domain.root, 'root'), le32(this.domain.shift, 'shift')];
    try {
      return await nativeAddon().groth16HWitness(this.handle, witness, root, shift, threads);
    } catch (error) {
      const { code, message } = error as { code?: unknown; message?: unknown };
      if (code === 'SCALAR_OUT_OF_RANGE') {
        const index = Number(message);
        throw nativeError('SCALAR_OUT_OF_RANGE', `witness value ${index} is not below r; reduce every value mod r`, { details: { index } });
      }
      if (code === 'RELEASED') throw releasedCoefficients();
      throw nativeError('NATIVE_FAILED', `the native H computation failed (${String(message)}); use the wasm engine (--engine zkr) and report the bug`, { cause: error });
    }
  }

  /** Frees the native copy (an H computation still running keeps it until it ends); idempotent. */
  release(): void {
    if (this.released) return;
    this.released = true;
    nativeAddon().releaseCoefficients(this.handle);
  }
}

function invalidCoefficient(index: number, what: string) {
  return nativeError('COEFFICIENT_INVALID', `coefficient entry ${index} of the proving key is invalid (${what}); the zkey is corrupted: regenerate it or fetch it again`, { details: { index } });
}
