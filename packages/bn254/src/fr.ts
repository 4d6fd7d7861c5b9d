/**
 * BN254 scalar-field arithmetic on native bigints (canonical elements 0 <= x < r), used by the
 * dev setup's QAP evaluations and for the roots of unity snarkjs's FFTs use.
 */
import { randomBytes } from 'node:crypto';
import { FR_ORDER, FR_TWO_ADICITY } from './constants';
import { bn254Error } from './errors';

const r = FR_ORDER;

/** a * b mod r. */
export function frMul(a: bigint, b: bigint): bigint {
  return (a * b) % r;
}

/** a + b mod r, for canonical inputs. */
export function frAdd(a: bigint, b: bigint): bigint {
  const s = a + b;
  return s >= r ? s - r : s;
}

/** a - b mod r, for canonical inputs. */
export function frSub(a: bigint, b: bigint): bigint {
  const d = a - b;
  return d < 0n ? d + r : d;
}

/** x mod r in [0, r), for any integer x (negative included). */
export function frReduce(x: bigint): bigint {
  const m = x % r;
  return m < 0n ? m + r : m;
}

/** base^exp mod r by square-and-multiply. */
export function frPow(base: bigint, exp: bigint): bigint {
  let result = 1n;
  let b = frReduce(base);
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % r;
    b = (b * b) % r;
    e >>= 1n;
  }
  return result;
}

/** Multiplicative inverse (Fermat); `INVALID_ARGUMENT` for 0. */
export function frInv(a: bigint): bigint {
  if (frReduce(a) === 0n) throw bn254Error('INVALID_ARGUMENT', 'cannot invert 0 in the BN254 scalar field', { details: { value: '0' } });
  return frPow(a, r - 2n);
}

/** Inverts every element in place with one field inversion (Montgomery's trick). */
export function frBatchInvert(values: bigint[]): void {
  const n = values.length;
  if (n === 0) return;
  const prefix = new Array<bigint>(n);
  let acc = 1n;
  for (let i = 0; i < n; i++) {
    prefix[i] = acc;
    acc = (acc * values[i]) % r;
  }
  let accInv = frInv(acc);
  for (let i = n - 1; i >= 0; i--) {
    const v = values[i];
    values[i] = (accInv * prefix[i]) % r;
    accInv = (accInv * v) % r;
  }
}

/** Smallest quadratic non-residue, found the way ffjavascript's F1Field does (2, 3, ...). */
function firstNonResidue(): bigint {
  let candidate = 2n;
  while (frPow(candidate, (r - 1n) / 2n) !== r - 1n) candidate += 1n;
  return candidate;
}

let maxRoot: bigint | undefined;

/**
 * The primitive 2^k-th root of unity snarkjs uses (ffjavascript's `Fr.w[k]`): nqr^t squared
 * down from the 2^28-th root, so that frRootOfUnity(k+1)^2 = frRootOfUnity(k).
 */
export function frRootOfUnity(k: number): bigint {
  if (!Number.isInteger(k) || k < 0 || k > FR_TWO_ADICITY) {
    throw bn254Error('INVALID_ARGUMENT', `k must be an integer 0 <= k <= ${FR_TWO_ADICITY}, got ${k}`, { details: { field: 'k', value: k } });
  }
  maxRoot ??= frPow(firstNonResidue(), (r - 1n) >> BigInt(FR_TWO_ADICITY));
  let w = maxRoot;
  for (let i = FR_TWO_ADICITY; i > k; i--) w = (w * w) % r;
  return w;
}

/** A uniformly random non-zero field element from the OS CSPRNG (64 bytes reduced mod r). */
export function frRandomNonZero(): bigint {
  for (;;) {
    const bytes = randomBytes(64);
    const x = BigInt(`0x${bytes.toString('hex')}`) % r;
    bytes.fill(0);
    if (x !== 0n) return x;
  }
}
