/**
 * BN254 scalar-field arithmetic on native bigints, used for the dev setup's field
 * evaluations (Lagrange bases, QAP polynomials at tau). Elements are canonical: 0 <= x < r.
 */
import { randomBytes } from 'node:crypto';

/** The BN254 (bn128) scalar field order r: the prime of every circom r1cs zkr uses. */
export const FR_ORDER = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

const r = FR_ORDER;

/** a * b mod r. */
export function mul(a: bigint, b: bigint): bigint {
  return (a * b) % r;
}

/** a + b mod r, for canonical inputs. */
export function add(a: bigint, b: bigint): bigint {
  const s = a + b;
  return s >= r ? s - r : s;
}

/** a - b mod r, for canonical inputs. */
export function sub(a: bigint, b: bigint): bigint {
  const d = a - b;
  return d < 0n ? d + r : d;
}

/** base^exp mod r by square-and-multiply. */
export function pow(base: bigint, exp: bigint): bigint {
  let result = 1n;
  let b = base % r;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % r;
    b = (b * b) % r;
    e >>= 1n;
  }
  return result;
}

/** Multiplicative inverse (Fermat); throws a RangeError for 0. */
export function inv(a: bigint): bigint {
  if (a === 0n) throw new RangeError('cannot invert 0 in the scalar field');
  return pow(a, r - 2n);
}

/** Inverts every element in place with one field inversion (Montgomery's trick). */
export function batchInvert(values: bigint[]): void {
  const n = values.length;
  if (n === 0) return;
  const prefix = new Array<bigint>(n);
  let acc = 1n;
  for (let i = 0; i < n; i++) {
    prefix[i] = acc;
    acc = (acc * values[i]) % r;
  }
  let accInv = inv(acc);
  for (let i = n - 1; i >= 0; i--) {
    const v = values[i];
    values[i] = (accInv * prefix[i]) % r;
    accInv = (accInv * v) % r;
  }
}

const TWO_ADICITY = 28;
const ODD_PART = (r - 1n) >> BigInt(TWO_ADICITY);

/** Smallest quadratic non-residue, found the way ffjavascript's F1Field does (2, 3, ...). */
function firstNonResidue(): bigint {
  let candidate = 2n;
  while (pow(candidate, (r - 1n) / 2n) !== r - 1n) candidate += 1n;
  return candidate;
}

const MAX_ROOT = pow(firstNonResidue(), ODD_PART);

/**
 * The primitive 2^k-th root of unity snarkjs uses (ffjavascript's `Fr.w[k]`): nqr^t squared
 * down from the 2^28-th root, so that rootOfUnity(k+1)^2 = rootOfUnity(k).
 */
export function rootOfUnity(k: number): bigint {
  if (!Number.isInteger(k) || k < 0 || k > TWO_ADICITY) {
    throw new RangeError(`k must be an integer 0 <= k <= ${TWO_ADICITY}, got ${k}`);
  }
  let w = MAX_ROOT;
  for (let i = TWO_ADICITY; i > k; i--) w = (w * w) % r;
  return w;
}

/** A uniformly random non-zero field element from the OS CSPRNG (64 bytes reduced mod r). */
export function randomNonZero(): bigint {
  for (;;) {
    const bytes = randomBytes(64);
    const x = BigInt(`0x${bytes.toString('hex')}`) % r;
    bytes.fill(0);
    if (x !== 0n) return x;
  }
}

/** Writes x (< 2^256) as 32 little-endian bytes at `offset`. */
export function writeLE32(x: bigint, out: Uint8Array, offset: number): void {
  const view = new DataView(out.buffer, out.byteOffset + offset, 32);
  const mask = 0xffffffffffffffffn;
  view.setBigUint64(0, x & mask, true);
  view.setBigUint64(8, (x >> 64n) & mask, true);
  view.setBigUint64(16, (x >> 128n) & mask, true);
  view.setBigUint64(24, x >> 192n, true);
}

/** Reads 32 little-endian bytes at `offset` as a bigint. */
export function readLE32(buf: Uint8Array, offset: number): bigint {
  const view = new DataView(buf.buffer, buf.byteOffset + offset, 32);
  return (
    view.getBigUint64(0, true) |
    (view.getBigUint64(8, true) << 64n) |
    (view.getBigUint64(16, true) << 128n) |
    (view.getBigUint64(24, true) << 192n)
  );
}
