/**
 * Field evaluations of a circuit's QAP at a secret point tau, laid out the way snarkjs's
 * `zkey new` lays them out, so that the derived points form a snarkjs-compatible proving key.
 */
import {
  coefficientAt, forEachTerm, frAdd as add, frBatchInvert as batchInvert, frInv as inv, frMul as mul, frPow as pow,
  frRootOfUnity as rootOfUnity, frSub as sub, type R1csFile,
} from '@zkr/bn254';
import { setupError } from './errors';

/**
 * Lagrange basis values at tau, L_j(tau) = x_j (tau^N - 1) / (N (tau - x_j)) over a subgroup of
 * size N, in O(n) field operations (one batched inversion).
 * - coset = false: the points x_j = omega^j of the size-n domain (n = 2^power), N = n.
 * - coset = true (the H section): x_i = omega_2n^(2i+1), the odd points of the doubled domain,
 *   N = 2n. snarkjs's prover evaluates A·B−C exactly there and takes the inner product with the
 *   H points; since A·B−C vanishes on the even points, that sum is (A·B−C)(tau) = h(tau)Z(tau).
 */
export function lagrangeAtTau(power: number, tau: bigint, coset: boolean): bigint[] {
  const n = 1 << power;
  const bigPower = coset ? power + 1 : power;
  const size = BigInt(1 << bigPower);
  const omega = rootOfUnity(power);
  const first = coset ? rootOfUnity(power + 1) : 1n;
  const vanishing = sub(pow(tau, size), 1n);
  if (vanishing === 0n) throw setupError('INVALID_ARGUMENT', 'tau lies in the evaluation domain; sample another tau', { details: { field: 'tau' } });
  const factor = mul(vanishing, inv(size));
  const points = new Array<bigint>(n);
  const denominators = new Array<bigint>(n);
  let x = first;
  for (let j = 0; j < n; j++) {
    points[j] = x;
    denominators[j] = sub(tau, x);
    x = mul(x, omega);
  }
  batchInvert(denominators);
  for (let j = 0; j < n; j++) points[j] = mul(mul(points[j], denominators[j]), factor);
  return points;
}

/** Per-wire values A_i(tau), B_i(tau), C_i(tau), including snarkjs's input-consistency rows. */
export interface WireEvaluations {
  readonly a: bigint[];
  readonly b: bigint[];
  readonly c: bigint[];
}

/**
 * One pass over the r1cs terms: A_i(tau) = sum_c A[c][i] L_c(tau) (likewise B, C), plus the row
 * `nConstraints + s` that snarkjs adds in A for every public signal s (and for wire 0, `one`),
 * which binds the public inputs to the proof.
 */
export function evaluateWires(r1cs: R1csFile, lagrange: readonly bigint[]): WireEvaluations {
  const a = new Array<bigint>(r1cs.nWires).fill(0n);
  const b = new Array<bigint>(r1cs.nWires).fill(0n);
  const c = new Array<bigint>(r1cs.nWires).fill(0n);
  const polys = [a, b, c];
  forEachTerm(r1cs, (matrix, constraint, wire, coefOffset) => {
    const term = mul(coefficientAt(r1cs, coefOffset), lagrange[constraint]);
    polys[matrix][wire] = add(polys[matrix][wire], term);
  });
  for (let s = 0; s <= r1cs.nPublic; s++) a[s] = add(a[s], lagrange[r1cs.nConstraints + s]);
  return { a, b, c };
}
