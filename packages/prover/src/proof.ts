/**
 * Proof and public-signal validation, and Solidity calldata export.
 */
import { FQ_ORDER as BN254_Q, FR_ORDER as BN254_R, type Groth16Proof } from '@zkr/bn254';
import { proverError } from './errors';

/** Arguments of `verifyProof(uint[2] a, uint[2][2] b, uint[2] c, uint[N] input)` on the generated verifier. */
export interface SolidityCalldata {
  readonly a: readonly [bigint, bigint];
  readonly b: readonly [readonly [bigint, bigint], readonly [bigint, bigint]];
  readonly c: readonly [bigint, bigint];
  readonly input: readonly bigint[];
}

const DECIMAL = /^(0|[1-9][0-9]{0,77})$/;

function malformed(field: string, message: string): never {
  throw proverError('PROOF_MALFORMED', `${field} ${message}; pass the proof.json written by \`zkr prove\` (snarkjs format)`, {
    details: { field },
  });
}

/** A short description of `value` for a message: never the whole of a large or deeply nested one. */
function shown(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object' && value !== null) return 'an object';
  const text = typeof value === 'bigint' ? `${value}n` : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

function coordinate(value: unknown, field: string, bound: bigint): string {
  if (typeof value !== 'string' || !DECIMAL.test(value) || BigInt(value) >= bound) malformed(field, `must be a decimal string below the field order, got ${shown(value)}`);
  return value;
}

function tuple(value: unknown, length: number, field: string): unknown[] {
  if (!Array.isArray(value) || value.length !== length) malformed(field, `must be an array of ${length}`);
  return value;
}

/** Checks that `value` has the shape of a snarkjs Groth16 BN254 proof; `PROOF_MALFORMED` naming the field otherwise. */
export function parseProof(value: unknown): Groth16Proof {
  if (typeof value !== 'object' || value === null) malformed('proof', 'must be an object');
  const o = value as Record<string, unknown>;
  if (o.protocol !== 'groth16') malformed('proof.protocol', `must be "groth16", got ${shown(o.protocol)}`);
  if (o.curve !== 'bn128') malformed('proof.curve', `must be "bn128", got ${shown(o.curve)}`);
  const g1 = (field: string) => tuple(o[field], 3, `proof.${field}`).map((c, i) => coordinate(c, `proof.${field}[${i}]`, BN254_Q)) as [string, string, string];
  const b = tuple(o.pi_b, 3, 'proof.pi_b').map((pair, i) =>
    tuple(pair, 2, `proof.pi_b[${i}]`).map((c, j) => coordinate(c, `proof.pi_b[${i}][${j}]`, BN254_Q)),
  ) as Groth16Proof['pi_b'];
  return { pi_a: g1('pi_a'), pi_b: b, pi_c: g1('pi_c'), protocol: 'groth16', curve: 'bn128' };
}

/** Checks public signals: `expected` decimal strings below the scalar field order. */
export function parsePublicSignals(value: unknown, expected: number): string[] {
  const signals = tuple(value, expected, 'publicSignals');
  return signals.map((s, i) => coordinate(s, `publicSignals[${i}]`, BN254_R));
}

/**
 * Converts a snarkjs proof to the arguments of the Solidity verifier. snarkjs proofs are
 * projective with `z = 1`; G2 coordinates are swapped to the EIP-197 (imaginary, real) order.
 */
export function toSolidityCalldata(proof: Groth16Proof, publicSignals: readonly string[]): SolidityCalldata {
  const p = parseProof(proof);
  if (p.pi_a[2] !== '1' || p.pi_c[2] !== '1' || p.pi_b[2][0] !== '1' || p.pi_b[2][1] !== '0') {
    malformed('proof', 'must be in affine form (z = 1) as snarkjs writes it');
  }
  const n = BigInt;
  return {
    a: [n(p.pi_a[0]), n(p.pi_a[1])],
    b: [
      [n(p.pi_b[0][1]), n(p.pi_b[0][0])],
      [n(p.pi_b[1][1]), n(p.pi_b[1][0])],
    ],
    c: [n(p.pi_c[0]), n(p.pi_c[1])],
    input: parsePublicSignals(publicSignals, publicSignals.length).map(n),
  };
}
