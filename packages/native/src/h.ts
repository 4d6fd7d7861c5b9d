/**
 * The H polynomial of a Groth16 proof in the native addon (csrc/ntt.cc): the same values as
 * snarkjs's `groth16_prove.js` computes with ffjavascript's FFTs, on native threads.
 */
import { availableParallelism } from 'node:os';
import { nativeAddon } from './addon';
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
  if (!Number.isInteger(power) || power < 0 || power > 27) throw nativeError('INVALID_ARGUMENT', `power must be an integer in [0, 27], got ${power}`, { details: { field: 'power' } });
  const bytes = 2 ** power * 32;
  for (const [field, value] of [['a', a], ['b', b], ['c', c]] as const) {
    if (!(value instanceof Uint8Array) || value.byteLength !== bytes) throw nativeError('INVALID_ARGUMENT', `${field} must be a Uint8Array of 2^${power} * 32 bytes`, { details: { field } });
  }
  if (!Number.isInteger(threads) || threads < 1 || threads > 256) throw nativeError('INVALID_ARGUMENT', `threads must be an integer in [1, 256], got ${threads}`, { details: { field: 'threads' } });
  const [root, shift] = [le32(domain.root, 'root'), le32(domain.shift, 'shift')];
  const addon = nativeAddon();
  try {
    return await addon.groth16H(a, b, c, power, root, shift, threads);
  } catch (error) {
    throw nativeError('NATIVE_FAILED', `the native H computation failed (${(error as Error).message}); use the wasm engine (--engine zkr) and report the bug`, { cause: error });
  }
}
