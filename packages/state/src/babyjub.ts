/**
 * Baby Jubjub arithmetic on plain bigints, for fast EdDSA-Poseidon.
 *
 * circomlibjs's EdDSA works in affine coordinates with a field inversion per point addition on
 * wasm-backed field elements (about 30 ms per signature or verification here, plus ~3 s to build,
 * since `buildEddsa` also builds Pedersen, MiMC and a second Poseidon), which made signature checks
 * ~85% of the batch builder's time. This module uses extended twisted-Edwards coordinates (no
 * inversions; the unified addition law is complete on Baby Jubjub since `a` is a square and `d` is
 * not) and a precomputed 4-bit window table for the fixed base `B8`. `babyjub.test.ts` checks it
 * against circomlibjs: equal keys, bit-identical signatures, the same verification verdicts.
 *
 * Two paths. Public scalars (verification) take the fast one: zero digits skipped, loops as long
 * as the scalar, no inversion (points are compared projectively). Secret scalars (the private key,
 * the signing nonce) take {@link mulBase8Secret}: always 64 windows, each reading all 16 table
 * entries and keeping one by bit masking, then one complete addition (no identity or doubling
 * special case), then an inversion by Fermat whose steps follow the public exponent. So no branch,
 * loop bound or table index depends on the secret. The limit, honestly: JS bigint arithmetic is not
 * itself constant time (V8 may take shortcuts on zero operands, and `*`, `%`, `&` cost what the
 * operands' lengths cost), so this removes the secret-dependent control flow and memory access,
 * the measurable part, not every timing channel; a signer facing a local attacker with a precise
 * clock needs a fixed-width limb implementation.
 */
import { stateError } from './errors';
import { FIELD_ORDER as P } from './field';

/** Twisted Edwards coefficient `a` of Baby Jubjub: `a·x² + y² = 1 + d·x²·y²`. */
export const BABYJUB_A = 168700n;
/** Twisted Edwards coefficient `d` of Baby Jubjub. */
export const BABYJUB_D = 168696n;
/** The generator `B8` of the prime-order subgroup (circomlibjs `babyJub.Base8`). */
export const BASE8: readonly [bigint, bigint] = [
  5299619240641551281634865583518297030282874472190772894086521144482721001553n,
  16950150798460657717958625567821834550301663161624707787222815936182638968203n,
];

/** A point in extended coordinates: `x = X/Z`, `y = Y/Z`, `T = X·Y/Z`. */
interface Extended {
  readonly X: bigint;
  readonly Y: bigint;
  readonly Z: bigint;
  readonly T: bigint;
}

const IDENTITY: Extended = { X: 0n, Y: 1n, Z: 1n, T: 0n };

const mod = (x: bigint): bigint => {
  const m = x % P;
  return m < 0n ? m + P : m;
};

const TWO_P = 2n * P;
const A_TIMES_P = BABYJUB_A * P;

// add and double keep every difference non-negative by adding a multiple of P first (all inputs are
// reduced), so neither branches on a coordinate's sign: the secret path uses add.

/** The complete (unified) addition law: correct for any two points, equal, opposite or the identity. */
function add(p: Extended, q: Extended): Extended {
  const a = (p.X * q.X) % P;
  const b = (p.Y * q.Y) % P;
  const c = (((BABYJUB_D * p.T) % P) * q.T) % P;
  const d = (p.Z * q.Z) % P;
  const e = ((p.X + p.Y) * (q.X + q.Y) + TWO_P - a - b) % P;
  const f = (d + P - c) % P;
  const g = (d + c) % P;
  const h = (b + A_TIMES_P - BABYJUB_A * a) % P;
  return { X: (e * f) % P, Y: (g * h) % P, Z: (f * g) % P, T: (e * h) % P };
}

function double(p: Extended): Extended {
  const a = (p.X * p.X) % P;
  const b = (p.Y * p.Y) % P;
  const c = (2n * p.Z * p.Z) % P;
  const d = (BABYJUB_A * a) % P;
  const e = ((p.X + p.Y) * (p.X + p.Y) + TWO_P - a - b) % P;
  const g = (d + b) % P;
  const f = (g + P - c) % P;
  const h = (d + P - b) % P;
  return { X: (e * f) % P, Y: (g * h) % P, Z: (f * g) % P, T: (e * h) % P };
}

const fromAffine = (x: bigint, y: bigint): Extended => ({ X: x, Y: y, Z: 1n, T: (x * y) % P });

function equal(p: Extended, q: Extended): boolean {
  return (p.X * q.Z) % P === (q.X * p.Z) % P && (p.Y * q.Z) % P === (q.Y * p.Z) % P;
}

/** `k·p` for `k >= 0` with a 4-bit window (variable base, variable time: public `k` only). */
function multiply(p: Extended, k: bigint): Extended {
  const table: Extended[] = [IDENTITY, p];
  for (let i = 2; i < 16; i++) table.push(add(table[i - 1], p));
  const digits: number[] = [];
  for (let rest = k; rest > 0n; rest >>= 4n) digits.push(Number(rest & 15n));
  let acc = IDENTITY;
  for (let i = digits.length - 1; i >= 0; i--) {
    acc = double(double(double(double(acc))));
    if (digits[i] !== 0) acc = add(acc, table[digits[i]]);
  }
  return acc;
}

/** `j·16^i·B8` for `i < 64`, `j < 16`: `k·B8` for `k < 2^256` costs at most 64 additions. */
const BASE8_TABLE: readonly (readonly Extended[])[] = (() => {
  const rows: Extended[][] = [];
  let base = fromAffine(BASE8[0], BASE8[1]);
  for (let i = 0; i < 64; i++) {
    const row = [IDENTITY, base];
    for (let j = 2; j < 16; j++) row.push(add(row[j - 1], base));
    rows.push(row);
    base = double(double(double(double(base))));
  }
  return rows;
})();

/** `k·B8` for a public `0 <= k < 2^256`: skips zero digits and stops at the top one (variable time). */
function multiplyBase8(k: bigint): Extended {
  let acc = IDENTITY;
  for (let i = 0; k > 0n; i++, k >>= 4n) {
    const digit = Number(k & 15n);
    if (digit !== 0) acc = add(acc, BASE8_TABLE[i][digit]);
  }
  return acc;
}

/** Number of 4-bit windows of a secret scalar (`< 2^256`): the secret path's fixed iteration count. */
export const SECRET_SCALAR_WINDOWS = 64;

/** The base-16 digits of `0 <= k < 2^256`, least significant first: always {@link SECRET_SCALAR_WINDOWS} of them. */
export function secretScalarDigits(k: bigint): number[] {
  const digits: number[] = [];
  for (let i = 0; i < SECRET_SCALAR_WINDOWS; i++) digits.push(Number((k >> BigInt(4 * i)) & 15n));
  return digits;
}

/** 1 if `a === b`, else 0, for integers `0 <= a, b < 2^31`, by arithmetic instead of a comparison. */
const equalBit = (a: number, b: number): number => ((a ^ b) - 1) >>> 31;

/** `row[digit]`, read by scanning every entry and masking all but one: the same accesses for every digit. */
function selectEntry(row: readonly Extended[], digit: number): Extended {
  let [X, Y, Z, T] = [0n, 0n, 0n, 0n];
  for (let j = 0; j < row.length; j++) {
    const mask = -BigInt(equalBit(j, digit));
    X |= row[j].X & mask;
    Y |= row[j].Y & mask;
    Z |= row[j].Z & mask;
    T |= row[j].T & mask;
  }
  return { X, Y, Z, T };
}

/** The bits of the public exponent `P - 2`, most significant first, for Fermat inversion. */
const FERMAT_EXPONENT_BITS: readonly boolean[] = [...(P - 2n).toString(2)].map((bit) => bit === '1');

/** `z^-1 mod P` as `z^(P-2)`: the squarings and multiplications follow the public exponent, not `z`. */
function invertFixedSteps(z: bigint): bigint {
  let result = 1n;
  for (const bit of FERMAT_EXPONENT_BITS) {
    result = (result * result) % P;
    if (bit) result = (result * z) % P;
  }
  return result;
}

/**
 * `k·B8` in affine coordinates for a secret `0 <= k < 2^256` (private key, signing nonce), with no
 * branch, loop bound or table index depending on `k` (see the module comment for what remains).
 */
export function mulBase8Secret(k: bigint): [bigint, bigint] {
  if (typeof k !== 'bigint' || k < 0n || k >= 1n << 256n) {
    // The message never quotes the value: it is a secret.
    throw stateError('INVALID_ARGUMENT', 'a secret scalar must be a bigint 0 <= k < 2^256', { details: { field: 'k' } });
  }
  const digits = secretScalarDigits(k);
  let acc = IDENTITY;
  for (let i = 0; i < SECRET_SCALAR_WINDOWS; i++) acc = add(acc, selectEntry(BASE8_TABLE[i], digits[i]));
  const zInverse = invertFixedSteps(acc.Z);
  return [(acc.X * zInverse) % P, (acc.Y * zInverse) % P];
}

/** True iff `(x, y)` (both `< r`) satisfies the Baby Jubjub curve equation. */
export function isOnCurve(x: bigint, y: bigint): boolean {
  const x2 = (x * x) % P;
  const y2 = (y * y) % P;
  return mod(BABYJUB_A * x2 + y2 - 1n - ((BABYJUB_D * x2) % P) * y2) === 0n;
}

/** True iff `8·(x, y)` is not a point with `x = 0` (the identity or its 2-torsion partner), as the circuit requires of keys. */
export function hasLargeOrderMultiple(x: bigint, y: bigint): boolean {
  const eight = double(double(double(fromAffine(x, y))));
  return eight.X % P !== 0n;
}

/**
 * The EdDSA verification equation `S·B8 = R8 + (8·h)·A` for on-curve `R8`, `A` and a
 * precomputed `h = Poseidon([R8x, R8y, Ax, Ay, message])`; range checks are the caller's job.
 */
export function verifyEquation(R8: readonly [bigint, bigint], S: bigint, A: readonly [bigint, bigint], h: bigint): boolean {
  const left = multiplyBase8(S);
  const right = add(fromAffine(R8[0], R8[1]), multiply(fromAffine(A[0], A[1]), 8n * h));
  return equal(left, right);
}
