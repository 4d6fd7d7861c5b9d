/**
 * circom `.r1cs` files (header section 1, constraints section 2): the header alone, the raw
 * constraint terms with a visitor, or decoded constraints with an evaluator that checks
 * `(A·w) * (B·w) = C·w mod r` independently of snarkjs. Every defect is `R1CS_INVALID`.
 */
import { readUintLE, viewOf } from './bytes';
import { FIELD_BYTES, FR_ORDER } from './constants';
import { invalidFile, parseContainer, readContainer, readFileBytes, readSection, sectionBytes, uniqueSection } from './container';

/** Header counts of an `.r1cs` file. */
export interface R1csHeader {
  /** Wires, including the constant `1` at wire 0. */
  readonly nWires: number;
  readonly nPublicOutputs: number;
  readonly nPublicInputs: number;
  readonly nPrivateInputs: number;
  readonly nLabels: number;
  readonly nConstraints: number;
  /** Public signals (outputs + public inputs), not counting wire 0. */
  readonly nPublic: number;
}

/** An r1cs with its constraints section kept raw: per constraint and matrix, u32 count then (u32 wire, 32-byte LE coefficient). */
export interface R1csFile extends R1csHeader {
  readonly terms: Uint8Array;
}

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

/** A decoded constraint system. */
export interface R1cs extends R1csFile {
  readonly constraints: readonly Constraint[];
}

/** Visits one term: its matrix (0 = A, 1 = B, 2 = C), constraint, wire and the offset of its coefficient in `terms`. */
export type TermVisitor = (matrix: 0 | 1 | 2, constraint: number, wire: number, coefOffset: number) => void;

const HEADER_BYTES = 4 + FIELD_BYTES + 4 * 4 + 8 + 4;
const HALF_ORDER = FR_ORDER / 2n;

function decodeHeader(bytes: Uint8Array, what: string): R1csHeader {
  if (bytes.byteLength < 4) invalidFile('r1cs', what, 'header section too short');
  const view = viewOf(bytes);
  const n8 = view.getUint32(0, true);
  if (n8 !== FIELD_BYTES || bytes.byteLength !== HEADER_BYTES || readUintLE(bytes, 4, n8) !== FR_ORDER) {
    invalidFile('r1cs', what, "not over the BN254 scalar field; compile with circom's default prime (bn128)", { n8 });
  }
  const at = 4 + n8;
  const nPublicOutputs = view.getUint32(at + 4, true);
  const nPublicInputs = view.getUint32(at + 8, true);
  return {
    nWires: view.getUint32(at, true),
    nPublicOutputs,
    nPublicInputs,
    nPrivateInputs: view.getUint32(at + 12, true),
    nLabels: Number(view.getBigUint64(at + 16, true)),
    nConstraints: view.getUint32(at + 24, true),
    nPublic: nPublicOutputs + nPublicInputs,
  };
}

/** Reads only the header counts of `.r1cs` bytes. */
export function parseR1csHeader(bytes: Uint8Array, what = 'r1cs'): R1csHeader {
  return decodeHeader(sectionBytes(bytes, uniqueSection(parseContainer(bytes, 'r1cs', what), 1, what)), what);
}

/** Reads only the header counts of an `.r1cs` file (the constraints are not loaded). */
export async function readR1csHeader(path: string): Promise<R1csHeader> {
  const what = `r1cs ${path}`;
  const layout = await readContainer(path, 'r1cs', what);
  return decodeHeader(await readSection(path, uniqueSection(layout, 1, what)), what);
}

/** Parses `.r1cs` bytes, keeping the constraints section raw (see {@link forEachTerm}). */
export function parseR1csFile(bytes: Uint8Array, what = 'r1cs'): R1csFile {
  const layout = parseContainer(bytes, 'r1cs', what);
  const header = decodeHeader(sectionBytes(bytes, uniqueSection(layout, 1, what)), what);
  return { ...header, terms: sectionBytes(bytes, uniqueSection(layout, 2, what)) };
}

/** Reads an `.r1cs` file, keeping the constraints section raw; `FILE_MISSING` if it cannot be read. */
export async function readR1csFile(path: string): Promise<R1csFile> {
  return parseR1csFile(await readFileBytes(path, '.r1cs file'), `r1cs ${path}`);
}

/** Visits every term of every constraint in file order (A terms, then B, then C); `R1CS_INVALID` if the section is malformed. */
export function forEachTerm(r1cs: R1csFile, visit: TermVisitor): void {
  const buf = r1cs.terms;
  const view = viewOf(buf);
  let pos = 0;
  for (let c = 0; c < r1cs.nConstraints; c++) {
    for (const matrix of [0, 1, 2] as const) {
      if (pos + 4 > buf.byteLength) invalidFile('r1cs', 'r1cs', `constraints section truncated in constraint ${c}`, { constraint: c });
      const nTerms = view.getUint32(pos, true);
      pos += 4;
      if (pos + nTerms * 36 > buf.byteLength) invalidFile('r1cs', 'r1cs', `constraints section truncated in constraint ${c}`, { constraint: c });
      for (let t = 0; t < nTerms; t++) {
        const wire = view.getUint32(pos, true);
        if (wire >= r1cs.nWires) invalidFile('r1cs', 'r1cs', `constraint ${c} references wire ${wire} >= nWires ${r1cs.nWires}`, { constraint: c, wire });
        visit(matrix, c, wire, pos + 4);
        pos += 36;
      }
    }
  }
  if (pos !== buf.byteLength) invalidFile('r1cs', 'r1cs', `${buf.byteLength - pos} bytes after the last constraint`);
}

/** The coefficient at `coefOffset` of the constraints section, reduced mod r. */
export function coefficientAt(r1cs: R1csFile, coefOffset: number): bigint {
  return readUintLE(r1cs.terms, coefOffset, FIELD_BYTES) % FR_ORDER;
}

/** Decodes every constraint; coefficients are stored in `(-r/2, r/2]` so products stay short. */
export function decodeConstraints(r1cs: R1csFile): Constraint[] {
  const rows: [number[], bigint[]][][] = Array.from({ length: r1cs.nConstraints }, () => [[[], []], [[], []], [[], []]]);
  forEachTerm(r1cs, (matrix, constraint, wire, coefOffset) => {
    const coefficient = coefficientAt(r1cs, coefOffset);
    const [wires, coefficients] = rows[constraint][matrix];
    wires.push(wire);
    coefficients.push(coefficient > HALF_ORDER ? coefficient - FR_ORDER : coefficient);
  });
  const lc = ([wires, coefficients]: [number[], bigint[]]): LinearCombination => ({ wires: Uint32Array.from(wires), coefficients });
  return rows.map(([a, b, c]) => ({ a: lc(a), b: lc(b), c: lc(c) }));
}

/** Parses `.r1cs` bytes with the constraints decoded. */
export function parseR1cs(bytes: Uint8Array, what = 'r1cs'): R1cs {
  const file = parseR1csFile(bytes, what);
  return { ...file, constraints: decodeConstraints(file) };
}

/** Reads an `.r1cs` file with the constraints decoded. */
export async function readR1cs(path: string): Promise<R1cs> {
  return parseR1cs(await readFileBytes(path, '.r1cs file'), `r1cs ${path}`);
}

function evaluate(lc: LinearCombination, witness: readonly bigint[]): bigint {
  let sum = 0n;
  for (let t = 0; t < lc.wires.length; t++) sum += lc.coefficients[t] * witness[lc.wires[t]];
  return sum % FR_ORDER;
}

/** True iff constraint `c` holds for `witness` (field elements indexed by wire). */
export function constraintHolds(c: Constraint, witness: readonly bigint[]): boolean {
  return (evaluate(c.a, witness) * evaluate(c.b, witness) - evaluate(c.c, witness)) % FR_ORDER === 0n;
}

/** Indices of the constraints that `witness` violates (empty iff it satisfies the system). */
export function unsatisfiedConstraints(r1cs: Pick<R1cs, 'constraints'>, witness: readonly bigint[]): number[] {
  const failed: number[] = [];
  r1cs.constraints.forEach((c, i) => {
    if (!constraintHolds(c, witness)) failed.push(i);
  });
  return failed;
}

/** For each wire, the indices of the constraints that mention it (with a non-zero coefficient). */
export function constraintsByWire(r1cs: Pick<R1cs, 'constraints' | 'nWires'>): number[][] {
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

/**
 * The Groth16 domain size snarkjs picks for this circuit (log2): the smallest power of two holding
 * the constraints plus one input-consistency row per public signal and for `one`.
 */
export function domainPower(r1cs: Pick<R1csHeader, 'nConstraints' | 'nPublic'>): number {
  const rows = r1cs.nConstraints + r1cs.nPublic + 1;
  return rows <= 2 ? 1 : 32 - Math.clz32(rows - 1);
}
