/**
 * A reader and evaluator for circom `.r1cs` files, independent of snarkjs: checks whether a
 * witness satisfies every constraint `(A·w) * (B·w) = C·w mod r`, or only the constraints
 * that use one wire (for witness-mutation checks).
 */
import { readFile } from 'node:fs/promises';
import { assertBn254, BN254_ORDER, readSections, readUintLE, section } from './binary';

/** One linear combination: parallel arrays of wire ids and coefficients (as integers in `(-r/2, r/2]`). */
export interface LinearCombination {
  readonly wires: Uint32Array;
  readonly coefficients: readonly bigint[];
}

/** One R1CS constraint `A * B = C`. */
export interface Constraint {
  readonly a: LinearCombination;
  readonly b: LinearCombination;
  readonly c: LinearCombination;
}

/** Header counts of an `.r1cs` file. */
export interface R1csHeader {
  /** Wires, including the constant `1` at wire 0. */
  readonly nWires: number;
  readonly nPublicOutputs: number;
  readonly nPublicInputs: number;
  readonly nPrivateInputs: number;
  readonly nLabels: number;
  readonly nConstraints: number;
}

/** A parsed constraint system. */
export interface R1cs extends R1csHeader {
  readonly constraints: readonly Constraint[];
}

const CODE = 'CIRCUIT_ARTIFACT_INVALID';
const HALF_ORDER = BN254_ORDER / 2n;

function parseHeader(bytes: Uint8Array, what: string): R1csHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n8 = view.getUint32(0, true);
  assertBn254(n8, readUintLE(bytes, 4, n8), CODE, what);
  const at = 4 + n8;
  return {
    nWires: view.getUint32(at, true),
    nPublicOutputs: view.getUint32(at + 4, true),
    nPublicInputs: view.getUint32(at + 8, true),
    nPrivateInputs: view.getUint32(at + 12, true),
    nLabels: Number(view.getBigUint64(at + 16, true)),
    nConstraints: view.getUint32(at + 24, true),
  };
}

/** Reads only the header counts of an `.r1cs` file's bytes. */
export function parseR1csHeader(bytes: Uint8Array, what = 'r1cs'): R1csHeader {
  return parseHeader(section(readSections(bytes, 'r1cs', CODE, what), 1, CODE, what), what);
}

/** Parses an `.r1cs` file's bytes, constraints included. */
export function parseR1cs(bytes: Uint8Array, what = 'r1cs'): R1cs {
  const sections = readSections(bytes, 'r1cs', CODE, what);
  const header = parseHeader(section(sections, 1, CODE, what), what);
  const body = section(sections, 2, CODE, what);
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let at = 0;
  const readCombination = (): LinearCombination => {
    const count = view.getUint32(at, true);
    at += 4;
    const wires = new Uint32Array(count);
    const coefficients: bigint[] = [];
    for (let t = 0; t < count; t++) {
      wires[t] = view.getUint32(at, true);
      // Stored in (-r/2, r/2]: most coefficients are small or r - 1, so products stay short.
      const coefficient = readUintLE(body, at + 4, 32);
      coefficients.push(coefficient > HALF_ORDER ? coefficient - BN254_ORDER : coefficient);
      at += 36;
    }
    return { wires, coefficients };
  };
  const constraints: Constraint[] = [];
  for (let i = 0; i < header.nConstraints; i++) {
    constraints.push({ a: readCombination(), b: readCombination(), c: readCombination() });
  }
  return { ...header, constraints };
}

/** Reads and parses an `.r1cs` file. */
export async function readR1cs(path: string): Promise<R1cs> {
  return parseR1cs(await readFile(path), path);
}

function evaluate(lc: LinearCombination, witness: readonly bigint[]): bigint {
  let sum = 0n;
  for (let t = 0; t < lc.wires.length; t++) sum += lc.coefficients[t] * witness[lc.wires[t]];
  return sum % BN254_ORDER;
}

/** True iff constraint `c` holds for `witness` (field elements indexed by wire). */
export function constraintHolds(c: Constraint, witness: readonly bigint[]): boolean {
  return (evaluate(c.a, witness) * evaluate(c.b, witness) - evaluate(c.c, witness)) % BN254_ORDER === 0n;
}

/** Indices of the constraints that `witness` violates (empty iff it satisfies the system). */
export function unsatisfiedConstraints(r1cs: R1cs, witness: readonly bigint[]): number[] {
  const failed: number[] = [];
  r1cs.constraints.forEach((c, i) => {
    if (!constraintHolds(c, witness)) failed.push(i);
  });
  return failed;
}

/** For each wire, the indices of the constraints that mention it (with a non-zero coefficient). */
export function constraintsByWire(r1cs: R1cs): number[][] {
  const byWire: number[][] = Array.from({ length: r1cs.nWires }, () => []);
  r1cs.constraints.forEach((c, i) => {
    for (const lc of [c.a, c.b, c.c]) {
      for (const wire of lc.wires) {
        const list = byWire[wire];
        if (list[list.length - 1] !== i) list.push(i);
      }
    }
  });
  return byWire;
}
