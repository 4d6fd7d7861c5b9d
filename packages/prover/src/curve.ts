/**
 * Shared access to ffjavascript's multi-threaded bn128 curve.
 *
 * ffjavascript caches one curve (with one worker thread per core) in `globalThis.curve_bn128` and
 * snarkjs reuses it; a process whose curve is never terminated never exits. Every zkr user of the
 * curve takes a lease here, and the last lease to be released terminates the workers.
 */
import { ffjavascript, type Bn128 } from './vendor';

let leases = 0;
let pending: Promise<Bn128> | undefined;

/** A lease on the shared curve; call `release()` exactly once when done. */
export interface CurveLease {
  readonly curve: Bn128;
  release(): Promise<void>;
}

/** Takes a lease on the shared multi-threaded bn128 curve, building it on first use. */
export async function acquireCurve(): Promise<CurveLease> {
  leases += 1;
  // Someone outside zkr may have terminated the cached curve: build a fresh one then.
  if ((globalThis as { curve_bn128?: unknown }).curve_bn128 == null) pending = undefined;
  pending ??= ffjavascript.buildBn128();
  let curve: Bn128;
  try {
    curve = await pending;
  } catch (error) {
    leases -= 1;
    pending = undefined;
    throw error;
  }
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
