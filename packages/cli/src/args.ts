/** Validation of command-line arguments; every error names the flag and the accepted range. */
import type { ZkrError } from '@zkr/errors';
import { cliError } from './errors';
import { ENGINE_NAMES, type EngineName } from '@zkr/prover';
import { isAmountRepresentable, isDepth, isFeeRepresentable, MAX_DEPTH, MIN_DEPTH, nearestAmounts, nearestFees, VALUE_LIMIT } from '@zkr/state';

function invalid(flag: string, expected: string, got: string): ZkrError {
  return cliError('INVALID_ARGUMENT', `${flag} must be ${expected}, got ${JSON.stringify(got)}`, { details: { field: flag, value: got } });
}

/** Parses a non-negative decimal integer `< limit` given to `flag`. */
export function parseBigint(text: string, flag: string, limit: bigint, limitText: string): bigint {
  if (!/^(0|[1-9][0-9]*)$/.test(text) || BigInt(text) >= limit) throw invalid(flag, `a decimal integer 0 <= x < ${limitText}`, text);
  return BigInt(text);
}

/** Parses a decimal integer in `[min, max]` given to `flag`. */
export function parseInteger(text: string, flag: string, min: number, max: number): number {
  if (!/^(0|[1-9][0-9]*)$/.test(text) || Number(text) < min || Number(text) > max) {
    throw invalid(flag, `an integer ${min} <= x <= ${max}`, text);
  }
  return Number(text);
}

/** Parses an account tree depth given to `flag`: an even integer in `[2, 32]` (the arity-4 tree has `D/2` levels, docs/protocol.md §1). */
export function parseDepth(text: string, flag: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(text) || !isDepth(Number(text))) throw invalid(flag, `an even integer ${MIN_DEPTH} <= x <= ${MAX_DEPTH} (e.g. 8, 16, 24 or 32)`, text);
  return Number(text);
}

/** Parses an L1 address given to `flag` (`0x` and 40 hex digits) as an owner, the integer `< 2^160` a leaf holds (docs/protocol.md §3). */
export function parseOwner(text: string, flag: string): bigint {
  if (!/^0x[0-9a-fA-F]{40}$/.test(text)) throw invalid(flag, 'an L1 address, 0x and 40 hex digits', text);
  return BigInt(text);
}

/** Throws `INVALID_ARGUMENT` unless exactly one (or, with `optional`, at most one) of `flags` is set. */
export function exactlyOne(options: Record<string, unknown>, flags: Record<string, string>, optional = false): string | undefined {
  const given = Object.keys(flags).filter((key) => options[key] !== undefined);
  if (given.length > 1 || (given.length === 0 && !optional)) {
    const names = Object.values(flags).join(' or ');
    throw cliError('INVALID_ARGUMENT', `pass ${optional ? 'at most' : 'exactly'} one of ${names}`, { details: { field: names } });
  }
  return given[0];
}

/** The proving engines `--engine` accepts (`@zkr/prover`'s list): `zkr` (wasm), `native` (the C++ addon, falling back to `zkr` when it cannot load) and `snarkjs`, the reference path. */
export { ENGINE_NAMES };

/** Parses `--engine`: `INVALID_ARGUMENT` unless it names a proving engine. */
export function parseEngine(text: string): EngineName {
  if (!(ENGINE_NAMES as readonly string[]).includes(text)) throw invalid('--engine', `one of ${ENGINE_NAMES.join(', ')}`, text);
  return text as EngineName;
}

/** How an amount or a fee is encoded on the wire (docs/protocol.md §1.1), for the refusal of a value that has no encoding. */
const FLOATS = {
  '--amount': { code: 'AMOUNT_NOT_REPRESENTABLE', what: 'amount', format: 'amounts are m·10^e with m < 2^34, e < 16', fits: isAmountRepresentable, nearest: nearestAmounts },
  '--fee': { code: 'FEE_NOT_REPRESENTABLE', what: 'fee', format: 'fees are m·10^e with m < 16, e < 16', fits: isFeeRepresentable, nearest: nearestFees },
} as const;

/**
 * Parses `--amount` or `--fee`: a decimal integer `< 2^64` that the slot's float encoding holds
 * exactly; otherwise `AMOUNT_NOT_REPRESENTABLE` / `FEE_NOT_REPRESENTABLE` naming the nearest
 * representable values below and above (a usage error: exit 2).
 */
export function parseFloatValue(text: string, flag: keyof typeof FLOATS): bigint {
  const value = parseBigint(text, flag, VALUE_LIMIT, '2^64');
  const float = FLOATS[flag];
  if (float.fits(value)) return value;
  const { below, above } = float.nearest(value);
  const nearest = above === undefined ? `the nearest representable ${float.what} is ${below} (none is larger)` : `the nearest representable ${float.what}s are ${below} and ${above}`;
  throw cliError(float.code, `${flag} ${value} is not representable (${float.format}, docs/protocol.md §1.1): ${nearest}`, {
    details: { field: flag, value, below, above },
  });
}

/** Parses an L1 address given to `flag` that money is paid to: `parseOwner`, and not the zero address (docs/protocol.md §11 rule 4). */
export function parseAddress(text: string, flag: string): bigint {
  const address = parseOwner(text, flag);
  if (address === 0n) throw invalid(flag, 'a non-zero L1 address (money sent to 0x0 is lost)', text);
  return address;
}
