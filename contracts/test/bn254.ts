/**
 * The little BN254 arithmetic the verifier's soundness tests need to build an attacker's points:
 * the base field, its quadratic extension and a point on the G2 twist outside the order-r subgroup.
 */

/** The BN254 base field order `q`. */
export const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

/** An element `a0 + a1·i` of Fp2 (`i^2 = -1`). */
export type Fp2 = readonly [bigint, bigint];

const mod = (a: bigint) => ((a % Q) + Q) % Q;

function pow(a: bigint, e: bigint): bigint {
  let result = 1n;
  for (let base = mod(a); e > 0n; e >>= 1n, base = (base * base) % Q) if (e & 1n) result = (result * base) % Q;
  return result;
}

const inv = (a: bigint) => pow(a, Q - 2n);
const add2 = (a: Fp2, b: Fp2): Fp2 => [mod(a[0] + b[0]), mod(a[1] + b[1])];
const mul2 = (a: Fp2, b: Fp2): Fp2 => [mod(a[0] * b[0] - a[1] * b[1]), mod(a[0] * b[1] + a[1] * b[0])];
const eq2 = (a: Fp2, b: Fp2) => a[0] === b[0] && a[1] === b[1];

function pow2(a: Fp2, e: bigint): Fp2 {
  let result: Fp2 = [1n, 0n];
  for (let base = a; e > 0n; e >>= 1n, base = mul2(base, base)) if (e & 1n) result = mul2(result, base);
  return result;
}

/** The twist's constant `b' = 3 / (9 + i)`. */
export const TWIST_B: Fp2 = mul2([3n, 0n], [mod(9n * inv(82n)), mod(-inv(82n))]);

/** A square root in Fp2 (q = 3 mod 4), or undefined if `a` is not a square. */
function sqrt2(a: Fp2): Fp2 | undefined {
  const a1 = pow2(a, (Q - 3n) / 4n);
  const alpha = mul2(mul2(a1, a1), a);
  const x0 = mul2(a1, a);
  const minusOne: Fp2 = [Q - 1n, 0n];
  const root = eq2(alpha, minusOne) ? mul2([0n, 1n], x0) : mul2(pow2(add2([1n, 0n], alpha), (Q - 1n) / 2n), x0);
  return eq2(mul2(root, root), a) ? root : undefined;
}

/** True when `(x, y)` satisfies the twist equation `y^2 = x^3 + b'`. */
export function onTwist(x: Fp2, y: Fp2): boolean {
  return eq2(mul2(y, y), add2(mul2(mul2(x, x), x), TWIST_B));
}

/**
 * A point of the twist with `x = k + i` for the first `k` that gives one. The twist's group has a
 * cofactor of about 2^254 over the order-r subgroup, so such a point is outside G2.
 */
export function twistPointOutsideG2(): { x: Fp2; y: Fp2 } {
  for (let k = 1n; ; k++) {
    const x: Fp2 = [k, 1n];
    const y = sqrt2(add2(mul2(mul2(x, x), x), TWIST_B));
    if (y) return { x, y };
  }
}

/** A G2 point in EIP-197 order `[[x.im, x.re], [y.im, y.re]]`. */
export function eip197(x: Fp2, y: Fp2): [[bigint, bigint], [bigint, bigint]] {
  return [
    [x[1], x[0]],
    [y[1], y[0]],
  ];
}
