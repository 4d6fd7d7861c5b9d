/** Validation of command-line arguments; every error names the flag and the accepted range. */
import type { ZkrError } from '@zkr/errors';
import { cliError } from './errors';
import type { EngineName } from '@zkr/prover';
import { isDepth, MAX_DEPTH, MIN_DEPTH } from '@zkr/state';

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

/** The proving engines `--engine` accepts; `snarkjs` is the reference path. */
export const ENGINE_NAMES: readonly EngineName[] = ['zkr', 'snarkjs'];

/** Parses `--engine`: `INVALID_ARGUMENT` unless it names a proving engine. */
export function parseEngine(text: string): EngineName {
  if (!(ENGINE_NAMES as readonly string[]).includes(text)) throw invalid('--engine', `one of ${ENGINE_NAMES.join(', ')}`, text);
  return text as EngineName;
}
