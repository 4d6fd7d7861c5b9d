/**
 * EdDSA-Poseidon over Baby Jubjub (docs/protocol.md §2). Key derivation and signing are
 * circomlibjs's `buildEddsa` (`prv2pub`, `signPoseidon`), converted from its internal field
 * representation to bigints; verification uses the bigint curve arithmetic of `babyjub.ts`
 * (about 10x faster than circomlibjs's `verifyPoseidon`, same results: see `babyjub.test.ts`).
 */
import { randomBytes } from 'node:crypto';
import { buildEddsa } from 'circomlibjs';
import { ZkrError } from '@zkr/errors';
import { hasLargeOrderMultiple, isOnCurve, verifyEquation } from './babyjub';
import { assertFieldElement, isFieldElement, SUBGROUP_ORDER } from './field';
import type { Poseidon } from './poseidon';
import type { PublicKey, Signature } from './types';

/** A private key (32 bytes) with its public key. */
export interface KeyPair {
  readonly privateKey: Uint8Array;
  readonly publicKey: PublicKey;
}

/** EdDSA-Poseidon signing and verification on bigints. */
export interface Eddsa {
  /** The public key `(Ax, Ay)` of a 32-byte private key. */
  publicKey(privateKey: Uint8Array): PublicKey;
  /** Signs the field element `message`; the signature has `S < l` and `R8` on the curve. */
  sign(privateKey: Uint8Array, message: bigint): Signature;
  /**
   * True iff `signature` is valid for `message` under `publicKey` with every check of circomlib's
   * `EdDSAPoseidonVerifier`: all coordinates in the field, `S < l`, points on the curve and
   * `8·A` not the identity. Never throws on malformed input.
   */
  verify(message: bigint, signature: Signature, publicKey: PublicKey): boolean;
  /** True iff `publicKey` is a curve point usable by the circuit (on the curve, `8·A` not the identity). */
  isValidPublicKey(publicKey: PublicKey): boolean;
}

function assertPrivateKey(privateKey: Uint8Array): void {
  if (!(privateKey instanceof Uint8Array) || privateKey.length !== 32) {
    throw new ZkrError('INVALID_ARGUMENT', 'privateKey must be 32 bytes; generate one with `zkr keygen`', {
      details: { field: 'privateKey' },
    });
  }
}

/** True iff `publicKey` is on the curve with `8·A` not of `x = 0` (what the circuit's verifier demands). */
function isValidPublicKey(publicKey: PublicKey): boolean {
  if (!Array.isArray(publicKey) || !isFieldElement(publicKey[0]) || !isFieldElement(publicKey[1])) return false;
  return isOnCurve(publicKey[0], publicKey[1]) && hasLargeOrderMultiple(publicKey[0], publicKey[1]);
}

/** Creates the EdDSA-Poseidon signer/verifier (loads circomlibjs's wasm once); `poseidon` hashes for verification. */
export async function createEddsa(poseidon: Poseidon): Promise<Eddsa> {
  const eddsa = await buildEddsa();
  const F = eddsa.F;
  return {
    publicKey(privateKey) {
      assertPrivateKey(privateKey);
      const [x, y] = eddsa.prv2pub(privateKey);
      return [F.toObject(x), F.toObject(y)];
    },
    sign(privateKey, message) {
      assertPrivateKey(privateKey);
      assertFieldElement(message, 'message');
      const { R8, S } = eddsa.signPoseidon(privateKey, F.e(message));
      return { R8x: F.toObject(R8[0]), R8y: F.toObject(R8[1]), S };
    },
    verify(message, signature, publicKey) {
      if (typeof signature !== 'object' || signature === null) return false;
      const { R8x, R8y, S } = signature;
      if (![message, R8x, R8y].every(isFieldElement)) return false;
      if (typeof S !== 'bigint' || S < 0n || S >= SUBGROUP_ORDER) return false;
      if (!isValidPublicKey(publicKey) || !isOnCurve(R8x, R8y)) return false;
      const h = poseidon.hash([R8x, R8y, publicKey[0], publicKey[1], message]);
      return verifyEquation([R8x, R8y], S, publicKey, h);
    },
    isValidPublicKey,
  };
}

/** Generates a key pair from 32 fresh random bytes. */
export function generateKeyPair(eddsa: Eddsa): KeyPair {
  const privateKey = new Uint8Array(randomBytes(32));
  return { privateKey, publicKey: eddsa.publicKey(privateKey) };
}
