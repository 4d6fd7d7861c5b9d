/**
 * EdDSA-Poseidon over Baby Jubjub (docs/protocol.md §2), wrapping circomlibjs's `buildEddsa`
 * and converting between its internal field representation and plain bigints.
 */
import { randomBytes } from 'node:crypto';
import { buildEddsa, type CircomPoint } from 'circomlibjs';
import { ZkrError } from '@zkr/errors';
import { assertFieldElement, isFieldElement, SUBGROUP_ORDER } from './field';
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

/** Creates the EdDSA-Poseidon signer/verifier (loads circomlibjs's wasm once). */
export async function createEddsa(): Promise<Eddsa> {
  const eddsa = await buildEddsa();
  const F = eddsa.F;
  const jub = eddsa.babyJub;
  const toPoint = (x: bigint, y: bigint): CircomPoint => [F.e(x), F.e(y)];
  const isValidPublicKey = (publicKey: PublicKey): boolean => {
    if (!isFieldElement(publicKey[0]) || !isFieldElement(publicKey[1])) return false;
    const point = toPoint(publicKey[0], publicKey[1]);
    return jub.inCurve(point) && F.toObject(jub.mulPointEscalar(point, 8n)[0]) !== 0n;
  };
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
      const { R8x, R8y, S } = signature;
      if (![message, R8x, R8y].every(isFieldElement)) return false;
      if (typeof S !== 'bigint' || S < 0n || S >= SUBGROUP_ORDER) return false;
      if (!isValidPublicKey(publicKey)) return false;
      const R8 = toPoint(R8x, R8y);
      if (!jub.inCurve(R8)) return false;
      return eddsa.verifyPoseidon(F.e(message), { R8, S }, toPoint(publicKey[0], publicKey[1]));
    },
    isValidPublicKey,
  };
}

/** Generates a key pair from 32 fresh random bytes. */
export function generateKeyPair(eddsa: Eddsa): KeyPair {
  const privateKey = new Uint8Array(randomBytes(32));
  return { privateKey, publicKey: eddsa.publicKey(privateKey) };
}
