/**
 * Decimal floats for amounts and fees on the wire (docs/protocol.md §1.1).
 *
 * An amount is `m · 10^e` with a 34-bit mantissa and a 4-bit exponent, written as the 38-bit word
 * `e·2^34 + m` (the low bits of a slot's op word); a fee is `m · 10^e` with 4-bit mantissa and
 * exponent, written as the byte `16·e + m`. A value may have several encodings (`10 = 10·10^0 =
 * 1·10^1`); the canonical one, the only one a builder writes, has the smallest exponent.
 */
import { stateError } from './errors';
import { assertInteger, assertValue, isValue, VALUE_LIMIT } from './field';

/** Bits of an amount's mantissa. */
export const AMOUNT_MANTISSA_BITS = 34;

/** `2^38`: an amount word `e·2^34 + m` is below it. */
export const AMOUNT_WORD_LIMIT = 1n << 38n;

/** The largest exponent of an amount or a fee (both exponents have 4 bits). */
const MAX_EXPONENT = 15;

const AMOUNT_MANTISSA_LIMIT = 1n << BigInt(AMOUNT_MANTISSA_BITS);
const FEE_MANTISSA_LIMIT = 16n;
const POWERS = Array.from({ length: MAX_EXPONENT + 1 }, (_, e) => 10n ** BigInt(e));

/** The nearest representable values around a value: `below <= value <= above`; `above` is absent when no representable value is that large. */
export interface NearestValues {
  readonly below: bigint;
  readonly above: bigint | undefined;
}

/** The canonical `(e, m)` of `value` (smallest exponent), or `undefined` if it has no encoding. */
function canonical(value: bigint, mantissaLimit: bigint): { e: number; m: bigint } | undefined {
  for (let e = 0; e <= MAX_EXPONENT; e++) {
    const power = POWERS[e];
    if (value % power !== 0n) return undefined;
    if (value / power < mantissaLimit) return { e, m: value / power };
  }
  return undefined;
}

/** The largest representable value `<= value` and the smallest `>= value` (below 2^64). */
function nearest(value: bigint, mantissaLimit: bigint): NearestValues {
  let below = 0n;
  let above: bigint | undefined;
  for (const power of POWERS) {
    const floor = value / power;
    const down = (floor < mantissaLimit ? floor : mantissaLimit - 1n) * power;
    if (down > below) below = down;
    const ceiling = (value + power - 1n) / power;
    const up = ceiling * power;
    if (ceiling < mantissaLimit && up < VALUE_LIMIT && (above === undefined || up < above)) above = up;
  }
  return { below, above };
}

/** True iff `value` is a bigint in `[0, 2^64)` with an amount encoding (`m · 10^e`, `m < 2^34`, `e < 16`). */
export function isAmountRepresentable(value: bigint): boolean {
  return isValue(value) && canonical(value, AMOUNT_MANTISSA_LIMIT) !== undefined;
}

/** True iff `value` is a bigint in `[0, 2^64)` with a fee encoding (`m · 10^e`, `m < 16`, `e < 16`). */
export function isFeeRepresentable(value: bigint): boolean {
  return isValue(value) && canonical(value, FEE_MANTISSA_LIMIT) !== undefined;
}

/** The representable amounts nearest to `value` (a bigint in `[0, 2^64)`; `INVALID_ARGUMENT` otherwise). */
export function nearestAmounts(value: bigint): NearestValues {
  assertValue(value, 'amount');
  return nearest(value, AMOUNT_MANTISSA_LIMIT);
}

/** The representable fees nearest to `value` (a bigint in `[0, 2^64)`; `INVALID_ARGUMENT` otherwise). */
export function nearestFees(value: bigint): NearestValues {
  assertValue(value, 'fee');
  return nearest(value, FEE_MANTISSA_LIMIT);
}

/** The nearest values as a message fragment. */
function nearestText({ below, above }: NearestValues): string {
  return above === undefined ? `the nearest representable value is ${below} (none is larger)` : `the nearest representable values are ${below} and ${above}`;
}

/** Why `value` (in `[0, 2^64)`) has no amount encoding, naming the nearest values; `undefined` if it has one. */
export function amountEncodingProblem(value: bigint, field = 'amount'): string | undefined {
  if (canonical(value, AMOUNT_MANTISSA_LIMIT) !== undefined) return undefined;
  return `${field} ${value} has no exact float encoding (m·10^e, m < 2^34, e < 16); ${nearestText(nearest(value, AMOUNT_MANTISSA_LIMIT))}`;
}

/** Why `value` (in `[0, 2^64)`) has no fee encoding, naming the nearest values; `undefined` if it has one. */
export function feeEncodingProblem(value: bigint, field = 'fee'): string | undefined {
  if (canonical(value, FEE_MANTISSA_LIMIT) !== undefined) return undefined;
  return `${field} ${value} has no one-byte float encoding (m·10^e, m < 16, e < 16); ${nearestText(nearest(value, FEE_MANTISSA_LIMIT))}`;
}

/** Throws `AMOUNT_NOT_REPRESENTABLE` (message and `details.below` / `details.above` give the nearest values) unless `value` has an amount encoding. */
export function assertAmountRepresentable(value: bigint, field = 'amount'): void {
  assertValue(value, field);
  const problem = amountEncodingProblem(value, field);
  if (problem === undefined) return;
  const { below, above } = nearest(value, AMOUNT_MANTISSA_LIMIT);
  throw stateError('AMOUNT_NOT_REPRESENTABLE', problem, { details: { field, value, below, above } });
}

/** Throws `FEE_NOT_REPRESENTABLE` (message and `details.below` / `details.above` give the nearest values) unless `value` has a fee encoding. */
export function assertFeeRepresentable(value: bigint, field = 'fee'): void {
  assertValue(value, field);
  const problem = feeEncodingProblem(value, field);
  if (problem === undefined) return;
  const { below, above } = nearest(value, FEE_MANTISSA_LIMIT);
  throw stateError('FEE_NOT_REPRESENTABLE', problem, { details: { field, value, below, above } });
}

/** The canonical amount word `e·2^34 + m` of `value` (`AMOUNT_NOT_REPRESENTABLE` if it has none). */
export function encodeAmount(value: bigint): bigint {
  assertAmountRepresentable(value);
  const { e, m } = canonical(value, AMOUNT_MANTISSA_LIMIT)!;
  return (BigInt(e) << BigInt(AMOUNT_MANTISSA_BITS)) | m;
}

/** The amount `m · 10^e` of the word `e·2^34 + m` (any word below 2^38 whose value is below 2^64; `INVALID_ARGUMENT` otherwise). */
export function decodeAmount(word: bigint): bigint {
  if (typeof word !== 'bigint' || word < 0n || word >= AMOUNT_WORD_LIMIT) {
    throw stateError('INVALID_ARGUMENT', `an amount word must be a bigint 0 <= word < 2^38, got ${String(word)}`, { details: { field: 'word', value: word } });
  }
  const value = (word & (AMOUNT_MANTISSA_LIMIT - 1n)) * POWERS[Number(word >> BigInt(AMOUNT_MANTISSA_BITS))];
  if (value >= VALUE_LIMIT) {
    throw stateError('INVALID_ARGUMENT', `the amount word ${word} decodes to ${value}, which is not below 2^64`, { details: { field: 'word', value: word } });
  }
  return value;
}

/** The canonical fee byte `16·e + m` of `value` (`FEE_NOT_REPRESENTABLE` if it has none). */
export function encodeFee(value: bigint): number {
  assertFeeRepresentable(value);
  const { e, m } = canonical(value, FEE_MANTISSA_LIMIT)!;
  return 16 * e + Number(m);
}

/** The fee `m · 10^e` of the byte `16·e + m` (an integer `0..255`; `INVALID_ARGUMENT` otherwise). */
export function decodeFee(byte: number): bigint {
  assertInteger(byte, 'fee byte', 0, 255);
  return BigInt(byte & 15) * POWERS[byte >> 4];
}
