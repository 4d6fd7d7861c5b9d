/**
 * snarkjs Groth16 `.zkey` files (see snarkjs `zkey_utils.js`): sections 1 protocol, 2 Groth16
 * header (field sizes and primes, nVars, nPublic, domain size, alpha1 beta1 beta2 gamma2 delta1
 * delta2), 3 IC, 4 A/B coefficients, 5 A, 6 B1, 7 B2 (G2), 8 C, 9 H, 10 contributions. Points are
 * affine little-endian Montgomery ("LEM"); section-4 values are coefficient * R^2 mod r.
 * The header and every section size are cross-checked at load, so a truncated or corrupted key
 * fails with `ZKEY_INVALID` there rather than deep inside a proof.
 */
import { readUintLE, viewOf, writeUintLE } from './bytes';
import { FIELD_BYTES, FQ_ORDER, FR_MONTGOMERY_R2, FR_ORDER, G1_AFFINE_BYTES, G2_AFFINE_BYTES } from './constants';
import { invalidFile, parseContainer, readContainer, readSection, sectionBytes, uniqueSection, type BinLayout, type SectionRef } from './container';
import { coefficientAt, forEachTerm, type R1csFile } from './r1cs';

/** Raw LEM bytes of the verification points stored in the Groth16 header. */
export interface ZkeyVerificationPoints {
  readonly alpha1: Uint8Array;
  readonly beta1: Uint8Array;
  readonly beta2: Uint8Array;
  readonly gamma2: Uint8Array;
  readonly delta1: Uint8Array;
  readonly delta2: Uint8Array;
}

/** The Groth16 header of a zkey and where its sections live. */
export interface ZkeyInfo {
  /** Number of witness variables (including the constant 1). */
  readonly nVars: number;
  /** Number of public signals. */
  readonly nPublic: number;
  /** FFT domain size, a power of two. */
  readonly domainSize: number;
  /** log2(domainSize). */
  readonly power: number;
  /** Raw Montgomery-form bytes of the verification points, in header order. */
  readonly vk: ZkeyVerificationPoints;
  /** Sections by id (each appears once). */
  readonly sections: ReadonlyMap<number, SectionRef>;
}

/** Bytes of the fixed part of the Groth16 header (n8q, q, n8r, r, nVars, nPublic, domainSize). */
export const GROTH16_HEADER_FIXED_BYTES = 4 + FIELD_BYTES + 4 + FIELD_BYTES + 12;
/** Bytes of the whole Groth16 header section (fixed part + 3 G1 and 3 G2 points). */
export const GROTH16_HEADER_BYTES = GROTH16_HEADER_FIXED_BYTES + 3 * G1_AFFINE_BYTES + 3 * G2_AFFINE_BYTES;
/** Bytes of one section-4 entry: u32 matrix, u32 constraint, u32 wire, 32-byte value. */
export const COEFFICIENT_ENTRY_BYTES = 12 + FIELD_BYTES;

/** The one table of point-section sizes (bytes) of a Groth16 zkey, by section id. */
export function zkeySectionSizes(nVars: number, nPublic: number, domainSize: number): Readonly<Record<3 | 5 | 6 | 7 | 8 | 9, number>> {
  return {
    3: (nPublic + 1) * G1_AFFINE_BYTES,
    5: nVars * G1_AFFINE_BYTES,
    6: nVars * G1_AFFINE_BYTES,
    7: nVars * G2_AFFINE_BYTES,
    8: (nVars - nPublic - 1) * G1_AFFINE_BYTES,
    9: domainSize * G1_AFFINE_BYTES,
  };
}

/** Checks the layout against the protocol, header and first word of section 4, and returns the header. */
function interpret(layout: BinLayout, protocol: Uint8Array, header: Uint8Array, coefficientCount: Uint8Array, what: string): ZkeyInfo {
  const bad = (why: string, details: Record<string, unknown> = {}): never => invalidFile('zkey', what, why, details);
  const sections = new Map<number, SectionRef>();
  for (let id = 1; id <= 9; id++) sections.set(id, uniqueSection(layout, id, what));
  if (layout.sections.has(10)) sections.set(10, uniqueSection(layout, 10, what));
  if (protocol.byteLength !== 4 || viewOf(protocol).getUint32(0, true) !== 1) bad('protocol is not groth16');
  if (header.byteLength !== GROTH16_HEADER_BYTES) bad(`Groth16 header holds ${header.byteLength} bytes, expected ${GROTH16_HEADER_BYTES}`);
  const view = viewOf(header);
  const q = FIELD_BYTES + 4;
  if (view.getUint32(0, true) !== FIELD_BYTES || readUintLE(header, 4, FIELD_BYTES) !== FQ_ORDER) bad('curve is not BN254');
  if (view.getUint32(q, true) !== FIELD_BYTES || readUintLE(header, q + 4, FIELD_BYTES) !== FR_ORDER) bad('curve is not BN254');
  const nVars = view.getUint32(2 * q, true);
  const nPublic = view.getUint32(2 * q + 4, true);
  const domainSize = view.getUint32(2 * q + 8, true);
  const power = Math.log2(domainSize);
  if (!Number.isInteger(power) || domainSize < 2) bad(`domain size ${domainSize} is not a power of two`);
  if (nPublic + 1 > nVars) bad(`nPublic ${nPublic} does not fit in nVars ${nVars}`);
  for (const [id, size] of Object.entries(zkeySectionSizes(nVars, nPublic, domainSize))) {
    const actual = sections.get(Number(id))!.size;
    if (actual !== size) bad(`section ${id} holds ${actual} bytes, expected ${size}`, { section: Number(id), actual, expected: size });
  }
  const coefficients = sections.get(4)!;
  const nCoefficients = coefficientCount.byteLength === 4 ? viewOf(coefficientCount).getUint32(0, true) : -1;
  if (coefficients.size !== 4 + nCoefficients * COEFFICIENT_ENTRY_BYTES) bad('coefficient section has the wrong size', { section: 4 });
  let at = GROTH16_HEADER_FIXED_BYTES;
  const take = (size: number): Uint8Array => header.slice(at, (at += size));
  const vk = {
    alpha1: take(G1_AFFINE_BYTES),
    beta1: take(G1_AFFINE_BYTES),
    beta2: take(G2_AFFINE_BYTES),
    gamma2: take(G2_AFFINE_BYTES),
    delta1: take(G1_AFFINE_BYTES),
    delta2: take(G2_AFFINE_BYTES),
  };
  return { nVars, nPublic, domainSize, power, vk, sections };
}

/** Parses and cross-checks the header and section table of a zkey held in memory. */
export function readZkey(bytes: Uint8Array, what = 'zkey'): ZkeyInfo {
  const layout = parseContainer(bytes, 'zkey', what);
  const s = (id: number): Uint8Array => sectionBytes(bytes, uniqueSection(layout, id, what));
  return interpret(layout, s(1), s(2), s(4).subarray(0, 4), what);
}

/** Parses and cross-checks a zkey file read by ranges (the point sections are not loaded). */
export async function readZkeyFile(path: string): Promise<ZkeyInfo> {
  const what = `zkey ${path}`;
  const layout = await readContainer(path, 'zkey', what);
  const s = (id: number): SectionRef => uniqueSection(layout, id, what);
  const coefficients = s(4);
  return interpret(layout, await readSection(path, s(1)), await readSection(path, s(2)), await readSection(path, { offset: coefficients.offset, size: Math.min(4, coefficients.size) }), what);
}

/** The bytes of section `id` of an in-memory zkey (a view, not a copy); `ZKEY_INVALID` if absent. */
export function zkeySection(bytes: Uint8Array, info: ZkeyInfo, id: number): Uint8Array {
  const ref = info.sections.get(id);
  if (!ref) invalidFile('zkey', 'zkey', `no section ${id}`, { section: id });
  return sectionBytes(bytes, ref);
}

/** The fixed part of a Groth16 header (everything before the verification points) for a BN254 key. */
export function groth16HeaderFixed(nVars: number, nPublic: number, domainSize: number): Uint8Array {
  const head = new Uint8Array(GROTH16_HEADER_FIXED_BYTES);
  const view = viewOf(head);
  const q = FIELD_BYTES + 4;
  view.setUint32(0, FIELD_BYTES, true);
  writeUintLE(head, 4, FIELD_BYTES, FQ_ORDER);
  view.setUint32(q, FIELD_BYTES, true);
  writeUintLE(head, q + 4, FIELD_BYTES, FR_ORDER);
  view.setUint32(2 * q, nVars, true);
  view.setUint32(2 * q + 4, nPublic, true);
  view.setUint32(2 * q + 8, domainSize, true);
  return head;
}

/**
 * Section 4 for `r1cs`, byte for byte as snarkjs's `zkey new` writes it: the A and B terms in file
 * order (u32 matrix, u32 constraint, u32 wire, 32-byte value), then the input-consistency rows
 * `(0, nConstraints + s, s, 1)` for s = 0..nPublic.
 */
export function coefficientSection(r1cs: R1csFile): Uint8Array {
  let count = r1cs.nPublic + 1;
  forEachTerm(r1cs, (matrix) => {
    if (matrix < 2) count++;
  });
  const buf = new Uint8Array(4 + count * COEFFICIENT_ENTRY_BYTES);
  const view = viewOf(buf);
  view.setUint32(0, count, true);
  let pos = 4;
  const entry = (matrix: number, constraint: number, wire: number, value: bigint): void => {
    view.setUint32(pos, matrix, true);
    view.setUint32(pos + 4, constraint, true);
    view.setUint32(pos + 8, wire, true);
    writeUintLE(buf, pos + 12, FIELD_BYTES, (value * FR_MONTGOMERY_R2) % FR_ORDER);
    pos += COEFFICIENT_ENTRY_BYTES;
  };
  forEachTerm(r1cs, (matrix, constraint, wire, coefOffset) => {
    if (matrix < 2) entry(matrix, constraint, wire, coefficientAt(r1cs, coefOffset));
  });
  for (let s = 0; s <= r1cs.nPublic; s++) entry(0, r1cs.nConstraints + s, s, 1n);
  return buf;
}
