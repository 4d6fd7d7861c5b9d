/**
 * A plain bigint model of BN254 G2 (affine over Fq2 = Fq[u] / (u^2 + 1), one inversion per
 * addition) for the MSM tests, and the zkey byte encoding of its points: x.c0, x.c1, y.c0, y.c1,
 * each 32 little-endian Montgomery bytes, zeros for infinity.
 */
import { FQ_ORDER as Q, FR_ORDER as R, MONTGOMERY_R } from '@zkr/bn254';

/** An element c0 + c1 u of Fq2. */
export type Fq2 = readonly [bigint, bigint];
/** An affine G2 point, or null for the point at infinity. */
export type Point2 = readonly [Fq2, Fq2] | null;

const mod = (x: bigint): bigint => ((x % Q) + Q) % Q;
const inverseQ = (x: bigint): bigint => {
  let [a, b, u, v] = [mod(x), Q, 1n, 0n];
  while (b !== 0n) {
    const t = a / b;
    [a, b] = [b, a - t * b];
    [u, v] = [v, u - t * v];
  }
  return mod(u);
};
const add2 = (a: Fq2, b: Fq2): Fq2 => [mod(a[0] + b[0]), mod(a[1] + b[1])];
const sub2 = (a: Fq2, b: Fq2): Fq2 => [mod(a[0] - b[0]), mod(a[1] - b[1])];
const mul2 = (a: Fq2, b: Fq2): Fq2 => [mod(a[0] * b[0] - a[1] * b[1]), mod(a[0] * b[1] + a[1] * b[0])];
const scale2 = (k: bigint, a: Fq2): Fq2 => [mod(k * a[0]), mod(k * a[1])];
const inv2 = (a: Fq2): Fq2 => {
  const t = inverseQ(a[0] * a[0] + a[1] * a[1]);
  return [mod(a[0] * t), mod(-a[1] * t)];
};
const eq2 = (a: Fq2, b: Fq2): boolean => a[0] === b[0] && a[1] === b[1];

/** The twist's constant b' = 3 / (9 + u). */
export const B2: Fq2 = mul2([3n, 0n], inv2([9n, 1n]));

/** The generator of G2 (snarkjs's and the EIP-197 one). */
export const G2: Point2 = [
  [10857046999023057135944570762232829481370756359578518086990519993285655852781n, 11559732032986387107991004021392285783925812861821192530917403151452391805634n],
  [8495653923123431417604973247489272438418190587263600148770280649306958101930n, 4082367875863433681332203403145435568316851327593401208105741076214120093531n],
];

/** True when `p` is on the twist y^2 = x^3 + b'. */
export function onCurve(p: Point2): boolean {
  return p === null || eq2(mul2(p[1], p[1]), add2(mul2(mul2(p[0], p[0]), p[0]), B2));
}

/** `p + q`. */
export function add(p: Point2, q: Point2): Point2 {
  if (p === null) return q;
  if (q === null) return p;
  let slope: Fq2;
  if (eq2(p[0], q[0])) {
    if (eq2(add2(p[1], q[1]), [0n, 0n])) return null;
    slope = mul2(scale2(3n, mul2(p[0], p[0])), inv2(scale2(2n, p[1])));
  } else {
    slope = mul2(sub2(q[1], p[1]), inv2(sub2(q[0], p[0])));
  }
  const x = sub2(sub2(mul2(slope, slope), p[0]), q[0]);
  return [x, sub2(mul2(slope, sub2(p[0], x)), p[1])];
}

/** `-p`. */
export function negate(p: Point2): Point2 {
  return p === null ? null : [p[0], sub2([0n, 0n], p[1])];
}

/** `k * p` (double and add). */
export function times(k: bigint, p: Point2): Point2 {
  let result: Point2 = null;
  let base = p;
  for (let e = k; e > 0n; e >>= 1n) {
    if (e & 1n) result = add(result, base);
    base = add(base, base);
  }
  return result;
}

/** `sum scalars[i] * points[i]`, one scalar multiplication per point. */
export function msmReference(points: readonly Point2[], scalars: readonly bigint[]): Point2 {
  return points.reduce<Point2>((acc, p, i) => add(acc, times(scalars[i]!, p)), null);
}

/** `n` pseudo-random multiples of the generator with their logs (a random walk over 8 multiples). */
export function randomBases(n: number, random: (bits: number) => bigint): { points: Point2[]; logs: bigint[] } {
  const steps = Array.from({ length: 8 }, () => random(256) % R);
  const stepPoints = steps.map((k) => times(k, G2));
  const points: Point2[] = [];
  const logs: bigint[] = [];
  let log = 0n;
  let point: Point2 = null;
  for (let i = 0; i < n; i++) {
    const j = Number(random(3));
    log = (log + steps[j]!) % R;
    point = add(point, stepPoints[j]!);
    points.push(point);
    logs.push(log);
  }
  return { points, logs };
}

function putCoordinate(value: bigint, out: Uint8Array, offset: number): void {
  const m = mod(value * MONTGOMERY_R);
  for (let i = 0; i < 32; i++) out[offset + i] = Number((m >> BigInt(8 * i)) & 0xffn);
}

function getCoordinate(bytes: Uint8Array, offset: number): bigint {
  let value = 0n;
  for (let i = 31; i >= 0; i--) value = (value << 8n) | BigInt(bytes[offset + i]!);
  return mod(value * inverseQ(MONTGOMERY_R));
}

/** Points as the zkey stores them: 128 bytes each, zeros for infinity. */
export function encodePoints(points: readonly Point2[]): Uint8Array {
  const out = new Uint8Array(points.length * 128);
  points.forEach((p, i) => {
    if (p === null) return;
    [p[0][0], p[0][1], p[1][0], p[1][1]].forEach((c, k) => putCoordinate(c, out, 128 * i + 32 * k));
  });
  return out;
}

/** Decodes one 128-byte affine Montgomery point. */
export function decodePoint(bytes: Uint8Array): Point2 {
  if (bytes.every((b) => b === 0)) return null;
  const [x0, x1, y0, y1] = [0, 1, 2, 3].map((k) => getCoordinate(bytes, 32 * k)) as [bigint, bigint, bigint, bigint];
  return [[x0, x1], [y0, y1]];
}
