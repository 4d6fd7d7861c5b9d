/**
 * EdDSA-Poseidon over Baby Jubjub (docs/protocol.md §2), exactly as circomlibjs's `prv2pub`,
 * `signPoseidon` and `verifyPoseidon` (deterministic signatures, bit-identical to circomlibjs), on
 * the bigint curve arithmetic of `babyjub.ts`; `babyjub.test.ts` checks the equality.
 *
 * Key derivation: `h = blake512(privateKey)`, pruned (`h[0] &= 0xF8`, `h[31] &= 0x7F`, `h[31] |= 0x40`),
 * `s = LE(h[0..32])`, `A = (s >> 3)·B8`. Signing: `r = LE(blake512(h[32..64] ‖ LE32(message))) mod l`,
 * `R8 = r·B8`, `S = (r + Poseidon([R8x, R8y, Ax, Ay, message])·s) mod l`.
 *
 * Both multiplications by a secret (`s >> 3` and `r`) go through `mulBase8Secret`, whose control flow
 * and table accesses do not depend on the scalar; verification works on public values only and keeps
 * the fast variable-time path (`verifyEquation`).
 */
import { randomBytes } from 'node:crypto';
import createBlakeHash from 'blake-hash';
import { stateError } from './errors';
import { hasLargeOrderMultiple, isOnCurve, mulBase8Secret, verifyEquation } from './babyjub';
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
   * `8·A` not of `x = 0`. Never throws on malformed input.
   */
  verify(message: bigint, signature: Signature, publicKey: PublicKey): boolean;
  /** True iff `publicKey` is a curve point usable by the circuit (on the curve, `8·A` not of `x = 0`). */
  isValidPublicKey(publicKey: PublicKey): boolean;
}

function assertPrivateKey(privateKey: Uint8Array): void {
  if (!(privateKey instanceof Uint8Array) || privateKey.length !== 32) {
    throw stateError('INVALID_ARGUMENT', 'privateKey must be 32 bytes; generate one with `zkr keygen`', {
      details: { field: 'privateKey' },
    });
  }
}

const littleEndian = (bytes: Uint8Array): bigint => BigInt(`0x${Buffer.from(bytes).reverse().toString('hex') || '0'}`);

/** The pruned blake512 digest of a private key: scalar `s` and the nonce seed. */
function expandKey(privateKey: Uint8Array): { s: bigint; seed: Buffer } {
  assertPrivateKey(privateKey);
  const h = createBlakeHash('blake512').update(Buffer.from(privateKey)).digest();
  h[0] &= 0xf8;
  h[31] &= 0x7f;
  h[31] |= 0x40;
  return { s: littleEndian(h.subarray(0, 32)), seed: h.subarray(32, 64) };
}

function isValidPublicKey(publicKey: PublicKey): boolean {
  if (!Array.isArray(publicKey) || !isFieldElement(publicKey[0]) || !isFieldElement(publicKey[1])) return false;
  return isOnCurve(publicKey[0], publicKey[1]) && hasLargeOrderMultiple(publicKey[0], publicKey[1]);
}

/** Creates the EdDSA-Poseidon signer/verifier; `poseidon` hashes `(R8, A, message)`. */
export function createEddsa(poseidon: Poseidon): Eddsa {
  return {
    publicKey(privateKey) {
      return mulBase8Secret(expandKey(privateKey).s >> 3n);
    },
    sign(privateKey, message) {
      assertFieldElement(message, 'message');
      const { s, seed } = expandKey(privateKey);
      const A = mulBase8Secret(s >> 3n);
      const encoded = Buffer.from(message.toString(16).padStart(64, '0'), 'hex').reverse();
      const r = littleEndian(createBlakeHash('blake512').update(Buffer.concat([seed, encoded])).digest()) % SUBGROUP_ORDER;
      const [R8x, R8y] = mulBase8Secret(r);
      const h = poseidon.hash([R8x, R8y, A[0], A[1], message]);
      return { R8x, R8y, S: (r + h * s) % SUBGROUP_ORDER };
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
