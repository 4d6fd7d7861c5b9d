/** Reads circom's `.r1cs` files: header counts and the constraint terms, checked for the BN254 prime. */
import { readFile } from 'node:fs/promises';
import { ZkrError } from '@zkr/errors';
import { readBinLayout, uniqueSection } from './binfile';
import { FR_ORDER, readLE32 } from './field';

/** A constraint system as circom writes it: `A·w * B·w = C·w` per constraint. */
export interface R1cs {
  /** Total wires including the constant `one` (wire 0). */
  readonly nVars: number;
  /** Public signals (outputs + public inputs), not counting wire 0. */
  readonly nPublic: number;
  readonly nConstraints: number;
  /** The raw constraints section: per constraint and matrix, u32 count then (u32 wire, 32-byte LE coef). */
  readonly constraints: Uint8Array;
}

/** One term of a constraint, with the offset of its 32-byte LE coefficient in `constraints`. */
export type TermVisitor = (matrix: 0 | 1 | 2, constraint: number, wire: number, coefOffset: number) => void;

/** Reads and validates an r1cs file; a wrong prime or a malformed file is `R1CS_INVALID`. */
export async function readR1cs(path: string): Promise<R1cs> {
  const what = `r1cs ${path}`;
  const layout = await readBinLayout(path, 'r1cs', 'R1CS_INVALID', what);
  const buf = await readFile(path);
  const header = uniqueSection(layout, 1, 'R1CS_INVALID', what);
  const view = new DataView(buf.buffer, buf.byteOffset + header.offset, header.size);
  const n8 = view.getUint32(0, true);
  if (n8 !== 32 || readLE32(buf, header.offset + 4) !== FR_ORDER) {
    throw new ZkrError('R1CS_INVALID', `${what} is not over the BN254 scalar field; compile with circom --prime bn128`, {
      details: { path, n8 },
    });
  }
  const nVars = view.getUint32(36, true);
  const nPubOut = view.getUint32(40, true);
  const nPubIn = view.getUint32(44, true);
  const nConstraints = view.getUint32(60, true);
  const section = uniqueSection(layout, 2, 'R1CS_INVALID', what);
  return {
    nVars,
    nPublic: nPubOut + nPubIn,
    nConstraints,
    constraints: buf.subarray(section.offset, section.offset + section.size),
  };
}

/** Visits every term of every constraint in file order (A terms, then B, then C). */
export function forEachTerm(r1cs: R1cs, visit: TermVisitor): void {
  const buf = r1cs.constraints;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = 0;
  for (let c = 0; c < r1cs.nConstraints; c++) {
    for (const matrix of [0, 1, 2] as const) {
      if (pos + 4 > buf.byteLength) {
        throw new ZkrError('R1CS_INVALID', `r1cs constraints section truncated in constraint ${c}`, {
          details: { constraint: c },
        });
      }
      const nTerms = view.getUint32(pos, true);
      pos += 4;
      for (let t = 0; t < nTerms; t++) {
        const wire = view.getUint32(pos, true);
        if (wire >= r1cs.nVars) {
          throw new ZkrError('R1CS_INVALID', `r1cs constraint ${c} references wire ${wire} >= nVars ${r1cs.nVars}`, {
            details: { constraint: c, wire },
          });
        }
        visit(matrix, c, wire, pos + 4);
        pos += 36;
      }
    }
  }
}

/**
 * The Groth16 domain size snarkjs picks for this circuit: the smallest power of two holding the
 * constraints plus one input-consistency row per public signal and for `one`.
 */
export function domainPower(r1cs: Pick<R1cs, 'nConstraints' | 'nPublic'>): number {
  const rows = r1cs.nConstraints + r1cs.nPublic + 1;
  return rows <= 2 ? 1 : 32 - Math.clz32(rows - 1);
}

/** The coefficient at `coefOffset` of the constraints section, reduced mod r. */
export function coefficientAt(r1cs: R1cs, coefOffset: number): bigint {
  return readLE32(r1cs.constraints, coefOffset) % FR_ORDER;
}
