/**
 * Shared access to ffjavascript's multi-threaded bn128 curve.
 *
 * ffjavascript caches one curve (with one worker thread per core) in `globalThis.curve_bn128` and
 * snarkjs reuses it; a process whose curve is never terminated never exits. Every zkr user of the
 * curve (snarkjs calls included) takes a lease here, and the last lease released terminates it.
 * While leased, the curve is what `globalThis.curve_bn128` points to, so snarkjs uses it.
 */
import { ffjavascript, snarkjs, type Bn128, type Snarkjs } from './engines';

let leases = 0;
let pending: Promise<Bn128> | undefined;

/** A lease on the shared curve; call `release()` exactly once when done. */
export interface CurveLease {
  readonly curve: Bn128;
  release(): Promise<void>;
}

/** Takes a lease on the shared multi-threaded bn128 curve, building it on first use. */
export async function acquireCurve(): Promise<CurveLease> {
  snarkjs(); // load it (and the ffjavascript copies it bundles, which reset the cache) before the curve exists
  const engine = ffjavascript();
  leases += 1;
  pending ??= engine.buildBn128();
  let curve: Bn128;
  try {
    curve = await pending;
  } catch (error) {
    leases -= 1;
    pending = undefined;
    throw error;
  }
  // snarkjs finds the curve through ffjavascript's cache; evaluating another copy of ffjavascript
  // (r1csfile, circomlibjs bundle their own) resets that cache, so point it at the leased curve again.
  (globalThis as { curve_bn128?: unknown }).curve_bn128 = curve;
  let released = false;
  return {
    curve,
    async release() {
      if (released) return;
      released = true;
      leases -= 1;
      if (leases === 0) {
        pending = undefined;
        await curve.terminate();
      }
    },
  };
}

/** Runs `fn` with snarkjs while holding a curve lease (snarkjs's calls share the leased curve). */
export async function withSnarkjs<T>(fn: (s: Snarkjs, curve: Bn128) => Promise<T>): Promise<T> {
  const lease = await acquireCurve();
  try {
    return await fn(snarkjs(), lease.curve);
  } finally {
    await lease.release();
  }
}
