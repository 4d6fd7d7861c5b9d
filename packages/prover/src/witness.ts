/**
 * Witnesses as the engines consume them: the `.wtns` bytes computed by `@zkr/circuits`'
 * WitnessGenerator, with a view of the values (read by `@zkr/bn254`, `WTNS_INVALID` if malformed).
 */
import { readWtns, type WtnsView } from '@zkr/bn254';

/** Circuit input as circom expects it: signal name to value(s); bigints, numbers or decimal strings. */
export type CircuitInput = Readonly<Record<string, unknown>>;

/** A computed witness: the `.wtns` file bytes, a view of its `nVars` 32-byte values, and `nVars`. */
export type Witness = WtnsView;

/** Checks `.wtns` bytes (version 2, BN254; `WTNS_INVALID` otherwise) and returns the witness with a view of its values. */
export function toWitness(wtns: Uint8Array): Witness {
  return readWtns(wtns, 'witness');
}
