/**
 * The Baby Jubjub points an attacker would register as keys (docs/protocol.md §12.1): the torsion points,
 * whose multiple by 8 is the identity (x = 0), found by plain bigint arithmetic over r (affine, with a
 * Tonelli–Shanks square root), and mixed points `K + T` (a subgroup key plus torsion), which the rule accepts.
 */
import { FIELD_ORDER as R } from '@zkr/state';

const A = 168700n;
const D = 168696n;
/** The order `l` of Baby Jubjub's prime subgroup (the group has order 8·l). */
export const SUBGROUP_ORDER = 2736030358979909402780800718157159386076813972158567259200215660948447373041n;

/** An affine point `[x, y]`. */
export type Point = readonly [bigint, bigint];

const mod = (a: bigint) => ((a % R) + R) % R;

function pow(a: bigint, e: bigint): bigint {
  let result = 1n;
  for (let base = mod(a); e > 0n; e >>= 1n, base = (base * base) % R) if (e & 1n) result = (result * base) % R;
  return result;
}

const inv = (a: bigint) => pow(a, R - 2n);

/** A square root of `a` mod r (Tonelli–Shanks), or undefined if `a` is not a square. */
export function sqrt(a: bigint): bigint | undefined {
  a = mod(a);
  if (a === 0n) return 0n;
  if (pow(a, (R - 1n) / 2n) !== 1n) return undefined;
  let s = 0n;
  let q = R - 1n;
  while ((q & 1n) === 0n) {
    q >>= 1n;
    s += 1n;
  }
  let z = 2n;
  while (pow(z, (R - 1n) / 2n) === 1n) z += 1n;
  let [m, c, t, x] = [s, pow(z, q), pow(a, q), pow(a, (q + 1n) / 2n)];
  while (t !== 1n) {
    let i = 0n;
    for (let t2 = t; t2 !== 1n; t2 = (t2 * t2) % R) i += 1n;
    const b = pow(c, 1n << (m - i - 1n));
    [m, c, t, x] = [i, (b * b) % R, (t * b * b) % R, (x * b) % R];
  }
  return x;
}

/** Twisted Edwards addition (affine; the law is complete on Baby Jubjub). */
export function add(p: Point, q: Point): Point {
  const xx = (p[0] * q[0]) % R;
  const yy = (p[1] * q[1]) % R;
  const dxy = (D * xx % R) * yy % R;
  return [mod((p[0] * q[1] + p[1] * q[0]) * inv(1n + dxy)), mod((yy - A * xx) * inv(1n - dxy))];
}

/** `k·p` by double-and-add. */
export function multiply(p: Point, k: bigint): Point {
  let result: Point = [0n, 1n];
  for (let base = p; k > 0n; k >>= 1n, base = add(base, base)) if (k & 1n) result = add(result, base);
  return result;
}

/** True iff `p` satisfies `a·x² + y² = 1 + d·x²·y²`. */
export function onCurve(p: Point): boolean {
  const [x2, y2] = [(p[0] * p[0]) % R, (p[1] * p[1]) % R];
  return mod(A * x2 + y2 - 1n - D * x2 % R * y2) === 0n;
}

/** The torsion points of order 1, 2, 4 and 8 (one of each): every one has `8·T = (0, 1)`. */
export function torsionPoints(): { order1: Point; order2: Point; order4: Point; order8: Point } {
  // l·P of a curve point P is torsion; with the group cyclic of order 8·l, some P gives order 8.
  for (let y = 2n; ; y++) {
    const x = sqrt(mod((1n - y * y) * inv(A - D * y * y)));
    if (x === undefined) continue;
    const t = multiply([x, y], SUBGROUP_ORDER);
    const t4 = multiply(t, 4n);
    if (t4[0] === 0n && t4[1] === 1n) continue;
    return { order1: [0n, 1n], order2: multiply(t, 4n), order4: multiply(t, 2n), order8: t };
  }
}
