/**
 * Groth16 verification keys (snarkjs `vkey.json`, BN254, the four public inputs `[newStateHash, dataHash, oldQueueHash, newQueueHash]` of docs/protocol.md §7) and the constructor
 * arguments of the shipped `Groth16Verifier`. Coordinates are checked to be canonical (`< q`) here;
 * the contract's constructor checks that each point is on its curve (and G2 in its subgroup).
 */
import { z } from 'zod';
import { l1Error } from './errors';

/** The BN254 base field order `q` (point coordinates are below it). */
const BASE_FIELD = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

/** A G1 point in affine coordinates `[x, y]`. */
export type G1Point = readonly [bigint, bigint];
/** A G2 point in affine coordinates `[[x.real, x.imaginary], [y.real, y.imaginary]]` (snarkjs order). */
export type G2Point = readonly [readonly [bigint, bigint], readonly [bigint, bigint]];

/** A validated Groth16 verification key for the four public inputs. */
export interface VerificationKey {
  readonly alpha: G1Point;
  readonly beta: G2Point;
  readonly gamma: G2Point;
  readonly delta: G2Point;
  /** `IC0` (constant term), then `IC1`..`IC4` (the coefficients of the four public inputs). */
  readonly ic: readonly [G1Point, G1Point, G1Point, G1Point, G1Point];
}

const coordinate = z
  .string()
  .regex(/^(0|[1-9][0-9]*)$/, 'must be a decimal string')
  .transform((s) => BigInt(s))
  .refine((v) => v < BASE_FIELD, 'must be below the BN254 base field order q');
const g1 = z.tuple([coordinate, coordinate, z.literal('1', 'must be "1" (affine point)')]).transform(([x, y]): G1Point => [x, y]);
const g2 = z
  .tuple([z.tuple([coordinate, coordinate]), z.tuple([coordinate, coordinate]), z.tuple([z.literal('1'), z.literal('0')], 'must be ["1", "0"] (affine point)')])
  .transform(([x, y]): G2Point => [x, y]);
const schema = z.looseObject({
  protocol: z.literal('groth16', 'must be "groth16"'),
  curve: z.literal('bn128', 'must be "bn128" (BN254)'),
  nPublic: z.literal(4, 'must be 4: the zkr verifier takes exactly four public inputs, [newStateHash, dataHash, oldQueueHash, newQueueHash]'),
  vk_alpha_1: g1,
  vk_beta_2: g2,
  vk_gamma_2: g2,
  vk_delta_2: g2,
  IC: z.tuple([g1, g1, g1, g1, g1], 'must hold 5 points (nPublic + 1)'),
});

/** Validates a parsed snarkjs `vkey.json`; `INVALID_VERIFICATION_KEY` naming the field otherwise. */
export function parseVerificationKey(json: unknown, source: string): VerificationKey {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.map(String).join('.') || '(root)';
    throw l1Error('INVALID_VERIFICATION_KEY', `${source}: ${field}: ${issue.message}; export the batch circuit's key with \`snarkjs zkey export verificationkey\` (or \`zkr setup\`)`, {
      details: { source, field },
    });
  }
  const k = parsed.data;
  return { alpha: k.vk_alpha_1, beta: k.vk_beta_2, gamma: k.vk_gamma_2, delta: k.vk_delta_2, ic: [k.IC[0], k.IC[1], k.IC[2], k.IC[3], k.IC[4]] };
}

/** A G2 point in EIP-197 (and Solidity calldata) order: `[[x.imaginary, x.real], [y.imaginary, y.real]]`. */
export type Eip197G2Point = readonly [readonly [bigint, bigint], readonly [bigint, bigint]];

/** The constructor arguments of `Groth16Verifier`, in order. */
export type VerifierDeployArgs = readonly [alpha: G1Point, beta: Eip197G2Point, gamma: Eip197G2Point, delta: Eip197G2Point, ic: readonly [G1Point, G1Point, G1Point, G1Point, G1Point]];

function eip197(p: G2Point): Eip197G2Point {
  return [
    [p[0][1], p[0][0]],
    [p[1][1], p[1][0]],
  ];
}

/** The constructor arguments of `Groth16Verifier` (`@zkr/contracts`) for `vk`: alpha, beta, gamma, delta, IC. */
export function verifierDeployArgs(vk: VerificationKey): VerifierDeployArgs {
  return [vk.alpha, eip197(vk.beta), eip197(vk.gamma), eip197(vk.delta), vk.ic];
}
