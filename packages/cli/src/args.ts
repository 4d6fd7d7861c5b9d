/** Validation of command-line arguments; every error names the flag and the accepted range. */
import type { ZkrError } from '@zkr/errors';
import { cliError } from './errors';
import type { EngineName } from '@zkr/prover';

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

/** Throws `INVALID_ARGUMENT` unless exactly one (or, with `optional`, at most one) of `flags` is set. */
export function exactlyOne(options: Record<string, unknown>, flags: Record<string, string>, optional = false): string | undefined {
  const given = Object.keys(flags).filter((key) => options[key] !== undefined);
  if (given.length > 1 || (given.length === 0 && !optional)) {
    const names = Object.values(flags).join(' or ');
    throw cliError('INVALID_ARGUMENT', `pass ${optional ? 'at most' : 'exactly'} one of ${names}`, { details: { field: names } });
  }
  return given[0];
}

/** The proving engines `--engine` accepts; `snarkjs` is the reference path. */
export const ENGINE_NAMES: readonly EngineName[] = ['zkr', 'snarkjs'];

/** Parses `--engine`: `INVALID_ARGUMENT` unless it names a proving engine. */
export function parseEngine(text: string): EngineName {
  if (!(ENGINE_NAMES as readonly string[]).includes(text)) throw invalid('--engine', `one of ${ENGINE_NAMES.join(', ')}`, text);
  return text as EngineName;
}
