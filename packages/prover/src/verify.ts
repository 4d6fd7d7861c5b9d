/**
 * Off-chain Groth16 verification with unmodified snarkjs.
 */
import { withSnarkjs, type VerificationKey } from '@zkr/bn254';
import { proverError } from './errors';
import { parseProof, parsePublicSignals } from './proof';

/** Checks that `value` looks like a snarkjs Groth16 BN254 verification key; `VKEY_INVALID` otherwise. */
export function parseVerificationKey(value: unknown): VerificationKey {
  const o = value as Partial<VerificationKey> | null;
  const bad = (field: string): never => {
    throw proverError('VKEY_INVALID', `verification key field ${field} is missing or wrong; re-export it with \`zkr setup\` or \`snarkjs zkey export verificationkey\``, {
      details: { field },
    });
  };
  if (typeof o !== 'object' || o === null) return bad('(root)');
  if (o.protocol !== 'groth16') bad('protocol');
  if (o.curve !== 'bn128') bad('curve');
  if (!Number.isInteger(o.nPublic) || (o.nPublic as number) < 0) bad('nPublic');
  if (!Array.isArray(o.IC) || o.IC.length !== (o.nPublic as number) + 1) bad('IC');
  for (const f of ['vk_alpha_1', 'vk_beta_2', 'vk_gamma_2', 'vk_delta_2'] as const) if (!Array.isArray(o[f])) bad(f);
  return o as VerificationKey;
}

/**
 * Verifies a Groth16 proof against a verification key with `snarkjs.groth16.verify`. Returns
 * false for a well-formed proof that does not verify (tampered proof or signals); throws
 * `PROOF_MALFORMED` / `VKEY_INVALID` for inputs that are not a proof or key at all.
 */
export async function verifyProof(vkey: unknown, proof: unknown, publicSignals: unknown): Promise<boolean> {
  const vk = parseVerificationKey(vkey);
  const p = parseProof(proof);
  const signals = parsePublicSignals(publicSignals, vk.nPublic);
  return withSnarkjs((snarkjs) => snarkjs.groth16.verify(vk, signals, p));
}
