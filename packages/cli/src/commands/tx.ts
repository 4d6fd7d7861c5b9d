/** `zkr tx ...`: sign transfers into a transfers file. */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { cliError } from '../errors';
import {
  isAmountRepresentable, isFeeRepresentable, keyFromJson, keysFromJson, nearestAmounts, nearestFees, readJson, readStateFile,
  readTransfersFile, signTransfer, VALUE_LIMIT, writeTransfersFile, type CryptoSuite, type KeyPair, type RollupState,
} from '@zkr/state';
import { exactlyOne, parseBigint, parseInteger } from '../args';
import type { Cli } from '../cli';

interface SignOptions {
  key: string;
  state: string;
  from?: string;
  to: string;
  amount: string;
  fee: string;
  nonce?: string;
  out?: string;
  append?: string;
}

/** The signing key and sender index: `--from`, or the one account of the state holding the key. */
async function sender(suite: CryptoSuite, state: RollupState, options: SignOptions): Promise<{ key: KeyPair; from: number }> {
  const json = await readJson(options.key);
  const from = options.from === undefined ? undefined : parseInteger(options.from, '--from', 0, 2 ** state.depth - 1);
  let key: KeyPair;
  if (typeof json === 'object' && json !== null && (json as { kind?: unknown }).kind === 'keys') {
    const keys = keysFromJson(suite, json, options.key);
    if (keys.length === 0) throw cliError('UNKNOWN_SENDER', `${options.key} is a keyring with no keys; pass a key file or a keyring that holds the sender's key`, { details: { field: '--key' } });
    const found = keys.find((k) => k.index === from);
    if (found === undefined) {
      throw cliError('INVALID_ARGUMENT', `${options.key} is a keyring: pass --from I with one of its indices (${keys.map((k) => k.index).slice(0, 8).join(', ')}...)`, {
        details: { field: '--from', value: options.from },
      });
    }
    key = found;
  } else {
    key = keyFromJson(suite, json, options.key);
  }
  const holders = [...state.accounts()].filter(({ account }) => account.publicKey[0] === key.publicKey[0] && account.publicKey[1] === key.publicKey[1]);
  const index = from ?? (holders.length === 1 ? holders[0].index : undefined);
  if (index === undefined || !holders.some((h) => h.index === index)) {
    throw cliError('UNKNOWN_SENDER', holders.length > 1 && from === undefined
      ? `several accounts use this key (${holders.map((h) => h.index).join(', ')}); pass --from I`
      : `no account${from === undefined ? '' : ` at index ${from}`} of ${options.state} holds the key in ${options.key}`, {
      details: { field: '--key' },
    });
  }
  return { key, from: index };
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
function parseFloatValue(text: string, flag: keyof typeof FLOATS): bigint {
  const value = parseBigint(text, flag, VALUE_LIMIT, '2^64');
  const float = FLOATS[flag];
  if (float.fits(value)) return value;
  const { below, above } = float.nearest(value);
  const nearest = above === undefined ? `the nearest representable ${float.what} is ${below} (none is larger)` : `the nearest representable ${float.what}s are ${below} and ${above}`;
  throw cliError(float.code, `${flag} ${value} is not representable (${float.format}, docs/protocol.md §1.1): ${nearest}`, {
    details: { field: flag, value, below, above },
  });
}

/** Registers `zkr tx sign`. */
export function register(program: Command, cli: Cli): void {
  const group = program.command('tx').description('create signed L2 transfers');
  group
    .command('sign')
    .description('sign a transfer from the account holding --key; the nonce defaults to the next one, counting transfers already in --append')
    .requiredOption('--key <file>', 'key file (kind "key"), or keyring (kind "keys") with --from')
    .requiredOption('--state <file>', 'current state file (domain, sender index and nonce)')
    .option('--from <I>', 'sender index (needed with a keyring or a key shared by several accounts)')
    .requiredOption('--to <I>', 'receiver index')
    .requiredOption('--amount <A>', 'amount: exact below 2^34, above that m·10^e (m < 2^34); an inexact one is refused with the nearest values')
    .requiredOption('--fee <F>', 'fee: m·10^e with m < 16 (0..15, 10, 20, .., 150, 100, ..); an inexact one is refused with the nearest values')
    .option('--nonce <N>', 'sender nonce (default: state nonce + transfers from the sender already in --append)')
    .option('--out <file>', 'write a transfers file with just this transfer')
    .option('--append <file>', 'append to a transfers file (created if missing)')
    .action(async (options: SignOptions) => {
      const target = exactlyOne(options as unknown as Record<string, unknown>, { out: '--out FILE', append: '--append FILE' });
      const suite = await cli.crypto();
      const state = await readStateFile(suite, options.state);
      const { key, from } = await sender(suite, state, options);
      const file = (target === 'out' ? options.out : options.append)!;
      const existing = target === 'append' && existsSync(file) ? await readTransfersFile(file) : [];
      const pending = BigInt(existing.filter((t) => t.from === from).length);
      const transfer = signTransfer(suite, key.privateKey, state.domain, {
        from,
        to: parseInteger(options.to, '--to', 0, 2 ** state.depth - 1),
        amount: parseFloatValue(options.amount, '--amount'),
        fee: parseFloatValue(options.fee, '--fee'),
        nonce: options.nonce === undefined ? state.account(from)!.nonce + pending : parseBigint(options.nonce, '--nonce', VALUE_LIMIT, '2^64'),
      });
      await writeTransfersFile(file, [...existing, transfer]);
      cli.result(
        { file, count: existing.length + 1, transfer },
        `signed ${transfer.from} -> ${transfer.to} amount ${transfer.amount} fee ${transfer.fee} nonce ${transfer.nonce}; ${file} holds ${existing.length + 1} transfer(s)`,
      );
    });
}
