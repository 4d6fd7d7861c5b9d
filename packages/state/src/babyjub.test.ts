import { buildEddsa, type CircomEddsa } from 'circomlibjs';
import { seededBigints, testSeed } from '@zkr/test-helpers';
import { isZkrError } from '@zkr/errors';
import {
  BASE8, SECRET_SCALAR_WINDOWS, hasLargeOrderMultiple, isOnCurve, mulBase8Secret, secretScalarDigits, verifyEquation,
} from './babyjub';
import { FIELD_ORDER, SUBGROUP_ORDER } from './field';
import { createCryptoSuite, type CryptoSuite } from './suite';
import type { PublicKey, Signature } from './types';

// Random keys and messages come from one seed, shown in the suite name: rerun a failure with ZKR_TEST_SEED.
const SEED = testSeed();
const random = seededBigints(SEED);
const randomBytes = (n: number): Buffer => Buffer.from(random(8 * n).toString(16).padStart(2 * n, '0'), 'hex');

let reference: CircomEddsa;
let suite: CryptoSuite;

beforeAll(async () => {
  reference = await buildEddsa();
  suite = await createCryptoSuite();
});

const F = () => reference.F;
const point = (p: readonly [bigint, bigint]) => [F().e(p[0]), F().e(p[1])] as [Uint8Array, Uint8Array];
const referenceVerify = (message: bigint, sig: Signature, key: PublicKey): boolean =>
  reference.verifyPoseidon(F().e(message), { R8: point([sig.R8x, sig.R8y]), S: sig.S }, point(key));

describe(`Baby Jubjub (bigint) against circomlibjs (ZKR_TEST_SEED=${SEED})`, () => {
  it('has circomlibjs Base8', () => {
    expect(BASE8.map((c) => c)).toEqual(reference.babyJub.Base8.map((c) => F().toObject(c)));
  });

  it('derives the same public keys and bit-identical signatures', () => {
    for (let i = 0; i < 8; i++) {
      const prv = randomBytes(32);
      const message = i === 0 ? 0n : i === 1 ? FIELD_ORDER - 1n : BigInt(`0x${randomBytes(32).toString('hex')}`) % FIELD_ORDER;
      const ref = reference.signPoseidon(prv, F().e(message));
      expect(suite.eddsa.publicKey(prv)).toEqual(reference.prv2pub(prv).map((c) => F().toObject(c)));
      expect(suite.eddsa.sign(prv, message)).toEqual({ R8x: F().toObject(ref.R8[0]), R8y: F().toObject(ref.R8[1]), S: ref.S });
    }
  });

  it('agrees on the curve equation for curve points and random pairs', () => {
    for (let i = 0; i < 20; i++) {
      const p = reference.prv2pub(randomBytes(32));
      const [x, y] = p.map((c) => F().toObject(c));
      expect(isOnCurve(x, y)).toBe(true);
      expect(hasLargeOrderMultiple(x, y)).toBe(true);
      const rx = BigInt(`0x${randomBytes(31).toString('hex')}`);
      expect(isOnCurve(rx, y)).toBe(reference.babyJub.inCurve(point([rx, y])));
    }
    expect([isOnCurve(0n, 1n), hasLargeOrderMultiple(0n, 1n)]).toEqual([true, false]);
    expect([isOnCurve(0n, FIELD_ORDER - 1n), hasLargeOrderMultiple(0n, FIELD_ORDER - 1n)]).toEqual([true, false]);
  });

  it('verifies exactly what circomlibjs verifyPoseidon verifies', () => {
    for (let i = 0; i < 6; i++) {
      const prv = randomBytes(32);
      const other = suite.eddsa.publicKey(randomBytes(32));
      const key = suite.eddsa.publicKey(prv);
      const message = BigInt(`0x${randomBytes(31).toString('hex')}`);
      const sig = suite.eddsa.sign(prv, message);
      const otherSig = suite.eddsa.sign(prv, message + 1n);
      const cases: [bigint, Signature, PublicKey, boolean][] = [
        [message, sig, key, true],
        [message + 1n, sig, key, false],
        [message, { ...sig, S: (sig.S + 1n) % SUBGROUP_ORDER }, key, false],
        [message, { ...sig, R8x: otherSig.R8x, R8y: otherSig.R8y }, key, false],
        [message, sig, other, false],
      ];
      for (const [m, s, k, expected] of cases) {
        expect([suite.eddsa.verify(m, s, k), referenceVerify(m, s, k)]).toEqual([expected, expected]);
      }
    }
  });

  it('rejects S >= l, coordinates >= r, off-curve points and low-order keys', () => {
    const prv = randomBytes(32);
    const key = suite.eddsa.publicKey(prv);
    const sig = suite.eddsa.sign(prv, 5n);
    expect(suite.eddsa.verify(5n, sig, key)).toBe(true);
    expect(suite.eddsa.verify(5n, { ...sig, S: sig.S + SUBGROUP_ORDER }, key)).toBe(false);
    expect(suite.eddsa.verify(5n, { ...sig, R8x: sig.R8x + FIELD_ORDER }, key)).toBe(false);
    expect(suite.eddsa.verify(5n, { ...sig, R8y: sig.R8y + 1n }, key)).toBe(false);
    expect(suite.eddsa.verify(5n + FIELD_ORDER, sig, key)).toBe(false);
    expect(suite.eddsa.verify(5n, sig, [key[0], key[1] + 1n])).toBe(false);
    expect(suite.eddsa.isValidPublicKey([0n, 1n])).toBe(false);
    const forged: Signature = { R8x: BASE8[0], R8y: BASE8[1], S: 1n };
    expect([referenceVerify(5n, forged, [0n, 1n]), suite.eddsa.verify(5n, forged, [0n, 1n])]).toEqual([true, false]);
    expect(suite.eddsa.verify(5n, null as unknown as Signature, key)).toBe(false);
  });
});

// `verifyEquation(R8, S, A, 0)` checks `S·B8 = R8` with the fast variable-time path (`0·A` is the identity).
const fastPathGives = (point: readonly [bigint, bigint], k: bigint): boolean => verifyEquation(point, k, BASE8, 0n);

const l = SUBGROUP_ORDER;
const EDGE_SCALARS: [string, bigint][] = [
  ['0', 0n],
  ['1', 1n],
  ['2', 2n],
  ['15', 15n],
  ['16', 16n],
  ['l - 1', l - 1n],
  ['l', l],
  ['l + 1', l + 1n],
  ['2l', 2n * l],
  ['8l', 8n * l],
  ['42l (largest multiple below 2^256)', 42n * l],
  ['2^252 - 1', (1n << 252n) - 1n],
  ['2^253 - 1', (1n << 253n) - 1n],
  ['2^253 - l (the last addition is a doubling)', (1n << 253n) - l],
  ['2^256 - 1', (1n << 256n) - 1n],
];

describe(`secret-scalar multiplication (ZKR_TEST_SEED=${SEED})`, () => {
  it.each(EDGE_SCALARS)('k = %s: equals circomlibjs and the fast path', (_name, k) => {
    const point = mulBase8Secret(k);
    expect(point).toEqual(reference.babyJub.mulPointEscalar(reference.babyJub.Base8, k).map((c) => F().toObject(c)));
    expect(fastPathGives(point, k)).toBe(true);
    expect(fastPathGives(point, k ^ 1n)).toBe(false);
  });

  it('gives the identity exactly on multiples of l', () => {
    for (const k of [0n, l, 2n * l, 8n * l, 42n * l]) expect(mulBase8Secret(k)).toEqual([0n, 1n]);
    for (const k of [1n, l - 1n, l + 1n]) expect(mulBase8Secret(k)).not.toEqual([0n, 1n]);
  });

  it('equals the fast path on random scalars (below l and below 2^256)', () => {
    for (let i = 0; i < 40; i++) {
      const k = i % 2 === 0 ? random(256) % l : random(256);
      const point = mulBase8Secret(k);
      expect(isOnCurve(point[0], point[1])).toBe(true);
      expect(fastPathGives(point, k)).toBe(true);
    }
  });

  it('runs a fixed number of windows whatever the scalar: 64 digits that recompose k', () => {
    expect(SECRET_SCALAR_WINDOWS * 4).toBe(256);
    const scalars = [...EDGE_SCALARS.map(([, k]) => k), random(256), random(64), random(8)];
    for (const k of scalars) {
      const digits = secretScalarDigits(k);
      expect(digits).toHaveLength(SECRET_SCALAR_WINDOWS);
      expect(digits.every((d) => Number.isInteger(d) && d >= 0 && d < 16)).toBe(true);
      expect(digits.reduceRight((acc, d) => acc * 16n + BigInt(d), 0n)).toBe(k);
    }
  });

  it('rejects scalars outside [0, 2^256) with INVALID_ARGUMENT, never quoting the secret', () => {
    for (const k of [-1n, 1n << 256n, 12345678901234567890n << 200n]) {
      let thrown: unknown;
      try {
        mulBase8Secret(k);
      } catch (e) {
        thrown = e;
      }
      expect(isZkrError(thrown, 'INVALID_ARGUMENT')).toBe(true);
      expect(String((thrown as Error).message)).not.toContain(k.toString());
    }
    expect(() => mulBase8Secret(5 as unknown as bigint)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('keys and signatures match circomlibjs on edge private keys', () => {
    for (const prv of [Buffer.alloc(32, 0), Buffer.alloc(32, 0xff), Buffer.alloc(32, 0x80)]) {
      const ref = reference.signPoseidon(prv, F().e(7n));
      expect(suite.eddsa.publicKey(prv)).toEqual(reference.prv2pub(prv).map((c) => F().toObject(c)));
      expect(suite.eddsa.sign(prv, 7n)).toEqual({ R8x: F().toObject(ref.R8[0]), R8y: F().toObject(ref.R8[1]), S: ref.S });
    }
  });
});
