/** `zkr tx ...`: sign transfers into a transfers file. */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { cliError } from '../errors';
import {
  keyFromJson, keysFromJson, readJson, readStateFile, readTransfersFile, signTransfer, VALUE_LIMIT,
  writeTransfersFile, type CryptoSuite, type KeyPair, type RollupState,
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
    .requiredOption('--amount <A>', 'amount, 0 <= A < 2^64')
    .requiredOption('--fee <F>', 'fee, 0 <= F < 2^64')
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
        amount: parseBigint(options.amount, '--amount', VALUE_LIMIT, '2^64'),
        fee: parseBigint(options.fee, '--fee', VALUE_LIMIT, '2^64'),
        nonce: options.nonce === undefined ? state.account(from)!.nonce + pending : parseBigint(options.nonce, '--nonce', VALUE_LIMIT, '2^64'),
      });
      await writeTransfersFile(file, [...existing, transfer]);
      cli.result(
        { file, count: existing.length + 1, transfer },
        `signed ${transfer.from} -> ${transfer.to} amount ${transfer.amount} fee ${transfer.fee} nonce ${transfer.nonce}; ${file} holds ${existing.length + 1} transfer(s)`,
      );
    });
}
