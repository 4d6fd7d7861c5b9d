/**
 * Witness mutation: change one wire of a valid witness at a time and re-check only the
 * constraints that use it. A wire whose change no constraint notices is under-constrained.
 */
import { BN254_ORDER, constraintHolds, constraintsByWire, type R1cs } from '@zkr/circuits';

/** Wires (other than the constant 1) that can change by `delta` without violating any constraint. */
export function freeWires(r1cs: R1cs, witness: readonly bigint[], deltas: readonly bigint[] = [1n, 0x1234567890abcdefn]): number[] {
  const byWire = constraintsByWire(r1cs);
  const mutated = [...witness];
  const free: number[] = [];
  for (let wire = 1; wire < witness.length; wire++) {
    const uses = byWire[wire];
    const survives = deltas.some((delta) => {
      mutated[wire] = (witness[wire] + delta) % BN254_ORDER;
      const ok = uses.every((i) => constraintHolds(r1cs.constraints[i], mutated));
      mutated[wire] = witness[wire];
      return ok;
    });
    if (survives) free.push(wire);
  }
  return free;
}
