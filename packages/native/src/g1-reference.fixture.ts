/**
 * A plain bigint model of BN254 G1 (affine, one modular inversion per addition) for the MSM tests,
 * and the byte encodings the native engine takes: Montgomery affine points, little-endian scalars.
 */
import { FQ_ORDER as Q, FR_ORDER as R, MONTGOMERY_R } from '@zkr/bn254';

/** An affine point, or null for the point at infinity. */
export type Point = readonly [bigint, bigint] | null;

/** The generator (1, 2). */
export const G: Point = [1n, 2n];

const mod = (x: bigint): bigint => ((x % Q) + Q) % Q;

function inverse(x: bigint): bigint {
  let [a, b, u, v] = [mod(x), Q, 1n, 0n];
  while (b !== 0n) {
    const t = a / b;
    [a, b] = [b, a - t * b];
    [u, v] = [v, u - t * v];
  }
  return mod(u);
}

/** `p + q`. */
export function add(p: Point, q: Point): Point {
  if (p === null) return q;
  if (q === null) return p;
  let slope: bigint;
  if (p[0] === q[0]) {
    if (mod(p[1] + q[1]) === 0n) return null;
    slope = mod(3n * p[0] * p[0] * inverse(2n * p[1]));
  } else {
    slope = mod((q[1] - p[1]) * inverse(q[0] - p[0]));
  }
  const x = mod(slope * slope - p[0] - q[0]);
  return [x, mod(slope * (p[0] - x) - p[1])];
}

/** `-p`. */
export function negate(p: Point): Point {
  return p === null ? null : [p[0], mod(-p[1])];
}

/** `k * p` (double and add). */
export function times(k: bigint, p: Point): Point {
  let result: Point = null;
  let base = p;
  for (let e = k; e > 0n; e >>= 1n) {
    if (e & 1n) result = add(result, base);
    base = add(base, base);
  }
  return result;
}

/** `sum scalars[i] * points[i]`, one scalar multiplication per point. */
export function msmReference(points: readonly Point[], scalars: readonly bigint[]): Point {
  return points.reduce<Point>((acc, p, i) => add(acc, times(scalars[i]!, p)), null);
}

/**
 * `n` pseudo-random multiples of G with their discrete logs: a random walk that adds one of 16
 * random multiples of G per step (one addition per point instead of a scalar multiplication).
 */
export function randomBases(n: number, random: (bits: number) => bigint): { points: Point[]; logs: bigint[] } {
  const steps = Array.from({ length: 16 }, () => random(256) % R);
  const stepPoints = steps.map((k) => times(k, G));
  const points: Point[] = [];
  const logs: bigint[] = [];
  let log = 0n;
  let point: Point = null;
  for (let i = 0; i < n; i++) {
    const j = Number(random(4));
    log = (log + steps[j]!) % R;
    point = add(point, stepPoints[j]!);
    points.push(point);
    logs.push(log);
  }
  return { points, logs };
}

function littleEndian(value: bigint, out: Uint8Array, offset: number): void {
  for (let i = 0; i < 32; i++) out[offset + i] = Number((value >> BigInt(8 * i)) & 0xffn);
}

function readLittleEndian(bytes: Uint8Array, offset: number): bigint {
  let value = 0n;
  for (let i = 31; i >= 0; i--) value = (value << 8n) | BigInt(bytes[offset + i]!);
  return value;
}

/** Points as the zkey stores them: affine, Montgomery, little-endian; zeros for infinity. */
export function encodePoints(points: readonly Point[]): Uint8Array {
  const out = new Uint8Array(points.length * 64);
  points.forEach((p, i) => {
    if (p === null) return;
    littleEndian(mod(p[0] * MONTGOMERY_R), out, 64 * i);
    littleEndian(mod(p[1] * MONTGOMERY_R), out, 64 * i + 32);
  });
  return out;
}

/** Decodes one 64-byte affine Montgomery point. */
export function decodePoint(bytes: Uint8Array): Point {
  const x = readLittleEndian(bytes, 0);
  const y = readLittleEndian(bytes, 32);
  if (x === 0n && y === 0n) return null;
  const rInverse = inverse(MONTGOMERY_R);
  return [mod(x * rInverse), mod(y * rInverse)];
}

/** Scalars as 32-byte little-endian values (not reduced: out-of-range values stay as they are). */
export function encodeScalars(scalars: readonly bigint[]): Uint8Array {
  const out = new Uint8Array(scalars.length * 32);
  scalars.forEach((s, i) => littleEndian(s, out, 32 * i));
  return out;
}
