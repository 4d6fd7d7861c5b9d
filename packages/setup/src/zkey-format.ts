/**
 * Layout facts of snarkjs's Groth16 `.zkey` (see snarkjs `zkey_utils.js`): sections
 * 1 header, 2 Groth header, 3 IC, 4 A/B coefficients, 5 A, 6 B1, 7 B2 (G2), 8 C, 9 H,
 * 10 contributions (csHash + MPC contributions). Points are affine, little-endian Montgomery
 * ("LEM"); section-4 values are coefficient * R^2 mod r with R = 2^256.
 */
import { FR_ORDER, mul, writeLE32 } from './field';
import { coefficientAt, forEachTerm } from './r1cs';
import type { R1cs } from './r1cs';

/** The BN254 base field prime q (the curve's coordinate field). */
export const BN254_BASE_FIELD = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

const MONT_R2 = ((1n << 256n) % FR_ORDER) ** 2n % FR_ORDER;

/**
 * Section 4 for `r1cs`, byte for byte as snarkjs's `zkey new` writes it: the A and B terms in file
 * order (u32 matrix, u32 constraint, u32 wire, 32-byte value), then the input-consistency rows
 * `(0, nConstraints + s, s, 1)` for s = 0..nPublic.
 */
export function coefficientSection(r1cs: R1cs): Uint8Array {
  let count = r1cs.nPublic + 1;
  forEachTerm(r1cs, (matrix) => {
    if (matrix < 2) count++;
  });
  const buf = new Uint8Array(4 + count * 44);
  const view = new DataView(buf.buffer);
  view.setUint32(0, count, true);
  let pos = 4;
  const entry = (matrix: number, constraint: number, wire: number, value: bigint): void => {
    view.setUint32(pos, matrix, true);
    view.setUint32(pos + 4, constraint, true);
    view.setUint32(pos + 8, wire, true);
    writeLE32(mul(value, MONT_R2), buf, pos + 12);
    pos += 44;
  };
  forEachTerm(r1cs, (matrix, constraint, wire, coefOffset) => {
    if (matrix < 2) entry(matrix, constraint, wire, coefficientAt(r1cs, coefOffset));
  });
  for (let s = 0; s <= r1cs.nPublic; s++) entry(0, r1cs.nConstraints + s, s, 1n);
  return buf;
}
