import { seededBigints, testSeed } from '@zkr/test-helpers';
import { VALUE_LIMIT } from './field';
import {
  assertAmountRepresentable, assertFeeRepresentable, decodeAmount, decodeFee, encodeAmount, encodeFee,
  isAmountRepresentable, isFeeRepresentable, nearestAmounts, nearestFees,
} from './float';

const SEED = testSeed();
const random = seededBigints(SEED);
const M = 1n << 34n;
const word = (e: number, m: bigint): bigint => (BigInt(e) << 34n) + m;
/** The largest amount below 2^64: 1844674407·10^10 (at e = 9 the mantissa caps at 2^34 - 1, which is smaller). */
const MAX_AMOUNT = 18446744070000000000n;

/** Every representable amount, by brute force over all (e, m) with m near `value / 10^e`. */
function naiveNearest(value: bigint, mantissaLimit: bigint): { below: bigint; above: bigint | undefined } {
  const candidates: bigint[] = [];
  for (let e = 0n; e < 16n; e++) {
    const p = 10n ** e;
    for (const m of [value / p - 1n, value / p, value / p + 1n, mantissaLimit - 1n]) {
      if (m >= 0n && m < mantissaLimit && m * p < VALUE_LIMIT) candidates.push(m * p);
    }
  }
  const below = candidates.filter((c) => c <= value).reduce((a, b) => (b > a ? b : a), 0n);
  const above = candidates.filter((c) => c >= value).reduce<bigint | undefined>((a, b) => (a === undefined || b < a ? b : a), undefined);
  return { below, above };
}

describe('amount floats (34-bit mantissa, 4-bit decimal exponent)', () => {
  it.each([
    [0n, word(0, 0n)],
    [1n, word(0, 1n)],
    [M - 1n, word(0, M - 1n)],
    [M * 10n - 10n, word(1, M - 1n)],
    [17179869190n, word(1, 1717986919n)],
    [MAX_AMOUNT, word(10, 1844674407n)],
  ])('encodes %p canonically (smallest exponent) and decodes back', (value, expected) => {
    expect(isAmountRepresentable(value)).toBe(true);
    expect(encodeAmount(value)).toBe(expected);
    expect(decodeAmount(expected)).toBe(value);
  });

  it('10^15·(2^34 - 1) is above 2^64, so it is not an amount even though its word exists', () => {
    const value = 10n ** 15n * (M - 1n);
    expect(value >= VALUE_LIMIT).toBe(true);
    expect(isAmountRepresentable(value)).toBe(false);
    expect(() => decodeAmount(word(15, M - 1n))).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(decodeAmount(word(10, 1844674407n))).toBe(MAX_AMOUNT);
    expect(() => decodeAmount(word(10, 1844674408n))).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('takes the smallest exponent when several encode a value, and decodes the others to the same value', () => {
    expect(encodeAmount(100n)).toBe(word(0, 100n));
    expect(decodeAmount(word(2, 1n))).toBe(100n);
    expect(encodeAmount(10n ** 11n)).toBe(word(1, 10n ** 10n));
    expect(decodeAmount(word(11, 1n))).toBe(10n ** 11n);
    expect(encodeAmount(10n ** 15n)).toBe(word(5, 10n ** 10n));
  });

  it('2^34 and other inexact values have no encoding; the nearest values bracket them', () => {
    expect(isAmountRepresentable(M)).toBe(false);
    expect(nearestAmounts(M)).toEqual({ below: M - 1n, above: M + 6n });
    expect(isAmountRepresentable(M + 6n)).toBe(true);
    expect(isAmountRepresentable(M * 10n)).toBe(false);
    expect(nearestAmounts(M * 10n)).toEqual({ below: M * 10n - 10n, above: M * 10n + 60n });
    expect(nearestAmounts(VALUE_LIMIT - 1n)).toEqual({ below: MAX_AMOUNT, above: undefined });
    expect(nearestAmounts(5n)).toEqual({ below: 5n, above: 5n });
  });

  it(`nearest values match a brute-force search (ZKR_TEST_SEED=${SEED})`, () => {
    for (let i = 0; i < 200; i++) {
      const value = random(64) >> random(6);
      const near = nearestAmounts(value);
      expect(near).toEqual(naiveNearest(value, M));
      expect(isAmountRepresentable(near.below)).toBe(true);
      if (near.above !== undefined) expect(isAmountRepresentable(near.above)).toBe(true);
      expect(isAmountRepresentable(value)).toBe(near.below === value);
    }
  });

  it('values >= 2^64 or negative are not amounts, and the encoders refuse them', () => {
    for (const value of [VALUE_LIMIT, VALUE_LIMIT * 10n, -1n]) {
      expect(isAmountRepresentable(value)).toBe(false);
      expect(() => encodeAmount(value)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
      expect(() => nearestAmounts(value)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
    expect(() => decodeAmount(1n << 38n)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('a non-representable amount throws AMOUNT_NOT_REPRESENTABLE with the nearest values in message and details', () => {
    const error = (() => {
      try {
        encodeAmount(M);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({ code: 'AMOUNT_NOT_REPRESENTABLE', details: { field: 'amount', value: M, below: M - 1n, above: M + 6n } });
    expect((error as Error).message).toContain(`${M - 1n} and ${M + 6n}`);
    expect(() => assertAmountRepresentable(MAX_AMOUNT + 1n)).toThrow(expect.objectContaining({ details: expect.objectContaining({ below: MAX_AMOUNT, above: undefined }) }));
  });
});

describe('fee floats (one byte 16·e + m)', () => {
  it.each([
    [0n, 0], [1n, 1], [15n, 15], [10n, 10], [20n, 16 + 2], [150n, 16 + 15], [1000n, 32 + 10],
    [15n * 10n ** 15n, 255],
  ])('encodes %p as byte %p (smallest exponent)', (value, byte) => {
    expect(isFeeRepresentable(value)).toBe(true);
    expect(encodeFee(value)).toBe(byte);
    expect(decodeFee(byte)).toBe(value);
  });

  it('every byte decodes; re-encoding gives the canonical byte of the same value', () => {
    for (let byte = 0; byte < 256; byte++) {
      const value = decodeFee(byte);
      expect(decodeFee(encodeFee(value))).toBe(value);
      expect(encodeFee(value) <= byte).toBe(true);
    }
    expect(() => decodeFee(256)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('inexact fees are FEE_NOT_REPRESENTABLE, with the nearest fees', () => {
    expect([16n, 17n, 151n, 160n, 1234n, 15n * 10n ** 15n + 1n, VALUE_LIMIT].map(isFeeRepresentable)).toEqual([false, false, false, false, false, false, false]);
    expect(nearestFees(17n)).toEqual({ below: 15n, above: 20n });
    expect(nearestFees(151n)).toEqual({ below: 150n, above: 200n });
    expect(nearestFees(15n * 10n ** 15n + 1n)).toEqual({ below: 15n * 10n ** 15n, above: undefined });
    expect(() => assertFeeRepresentable(17n)).toThrow(expect.objectContaining({ code: 'FEE_NOT_REPRESENTABLE', details: { field: 'fee', value: 17n, below: 15n, above: 20n } }));
    expect(() => encodeFee(17n)).toThrow(/15 and 20/);
  });

  it(`nearest fees match a brute-force search (ZKR_TEST_SEED=${SEED})`, () => {
    for (let i = 0; i < 200; i++) {
      const value = random(56) >> random(6);
      expect(nearestFees(value)).toEqual(naiveNearest(value, 16n));
    }
  });
});
