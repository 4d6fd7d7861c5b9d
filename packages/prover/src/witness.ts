/**
 * Witnesses as the engines consume them: the `.wtns` bytes computed by `@zkr/circuits`'
 * WitnessGenerator, with a view of the values.
 */
import { ZkrError } from '@zkr/errors';

/** Circuit input as circom expects it: signal name to value(s); bigints, numbers or decimal strings. */
export type CircuitInput = Readonly<Record<string, unknown>>;

/** A computed witness in snarkjs's `.wtns` binary format, with its variable count. */
export interface Witness {
  /** The complete `.wtns` file bytes (what `snarkjs wtns calculate` writes). */
  readonly wtns: Uint8Array;
  /** The witness values, `nVars` little-endian 32-byte field elements in standard form (a view into `wtns`). */
  readonly values: Uint8Array;
  readonly nVars: number;
}

/** Reads the header of `.wtns` bytes (version 2, BN254) and returns the witness with a view of its values. */
export function toWitness(wtns: Uint8Array): Witness {
  const view = new DataView(wtns.buffer, wtns.byteOffset, wtns.byteLength);
  const bad = (reason: string): never => {
    throw new ZkrError('WITNESS_INVALID', `the witness is not a BN254 .wtns file (${reason}); compute it with the circuit's wasm`, { details: { reason } });
  };
  if (wtns.byteLength < 76 || Buffer.from(wtns.subarray(0, 4)).toString('latin1') !== 'wtns') bad('missing "wtns" magic');
  // Section 1 (id, u64 size, n8 = 32, prime, nVars) is at offset 12; section 2 header follows it.
  if (view.getUint32(12, true) !== 1 || view.getUint32(24, true) !== 32) bad('header section is not first or n8 is not 32');
  const nVars = view.getUint32(60, true);
  if (view.getUint32(64, true) !== 2 || Number(view.getBigUint64(68, true)) !== nVars * 32 || wtns.byteLength < 76 + nVars * 32) bad('values section has the wrong size');
  return { wtns, values: wtns.subarray(76, 76 + nVars * 32), nVars };
}
