/** `zkr tx ...`: sign transfers into a transfers file, and withdrawals to L1 addresses into a withdrawals file. */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { cliError } from '../errors';
import {
  keyFromJson, keysFromJson, ownerToHex, readJson, readStateFile, readTransfersFile, readWithdrawalsFile, signTransfer, signWithdrawal,
  VALUE_LIMIT, writeTransfersFile, writeWithdrawalsFile, type CryptoSuite, type KeyPair, type RollupState,
} from '@zkr/state';
import { exactlyOne, parseAddress, parseBigint, parseFloatValue, parseInteger } from '../args';
import type { Cli } from '../cli';

/** The flags `tx sign` and `tx withdraw` share. */
interface SignerOptions {
  key: string;
  state: string;
  from?: string;
  amount: string;
  fee: string;
  nonce?: string;
  out?: string;
  append?: string;
}

interface SignOptions extends SignerOptions {
  to: string;
}

interface WithdrawOptions extends SignerOptions {
  address: string;
}

/** The signing key and sender index: `--from`, or the one account of the state holding the key. */
async function sender(suite: CryptoSuite, state: RollupState, options: SignerOptions): Promise<{ key: KeyPair; from: number }> {
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

/** The output file (`--out` or `--append`) and whether to keep what it holds. */
function target(options: SignerOptions): { file: string; append: boolean } {
  const which = exactlyOne(options as unknown as Record<string, unknown>, { out: '--out FILE', append: '--append FILE' });
  return which === 'out' ? { file: options.out!, append: false } : { file: options.append!, append: true };
}

/** `--nonce`, or the sender's state nonce plus its `pending` operations already in the output file. */
function nonceOf(options: SignerOptions, state: RollupState, from: number, pending: number): bigint {
  return options.nonce === undefined ? state.account(from)!.nonce + BigInt(pending) : parseBigint(options.nonce, '--nonce', VALUE_LIMIT, '2^64');
}

/** Registers `zkr tx sign` and `zkr tx withdraw`. */
export function register(program: Command, cli: Cli): void {
  const group = program.command('tx').description('create signed L2 transfers and withdrawals');
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
    .option('-o, --out <file>', 'write a transfers file with just this transfer')
    .option('--append <file>', 'append to a transfers file (created if missing)')
    .action(async (options: SignOptions) => {
      const { file, append } = target(options);
      const suite = await cli.crypto();
      const state = await readStateFile(suite, options.state);
      const { key, from } = await sender(suite, state, options);
      const existing = append && existsSync(file) ? await readTransfersFile(file) : [];
      const transfer = signTransfer(suite, key.privateKey, state.domain, {
        from,
        to: parseInteger(options.to, '--to', 0, 2 ** state.depth - 1),
        amount: parseFloatValue(options.amount, '--amount'),
        fee: parseFloatValue(options.fee, '--fee'),
        nonce: nonceOf(options, state, from, existing.filter((t) => t.from === from).length),
      });
      await writeTransfersFile(file, [...existing, transfer]);
      cli.result(
        { file, count: existing.length + 1, transfer },
        `signed ${transfer.from} -> ${transfer.to} amount ${transfer.amount} fee ${transfer.fee} nonce ${transfer.nonce}; ${file} holds ${existing.length + 1} transfer(s)`,
      );
    });
  group
    .command('withdraw')
    .description('sign a withdrawal of L2 balance to an L1 address (docs/protocol.md §11): a batch debits amount + fee, and once L1 accepts the batch the address can `zkr claim` amount·unit; the nonce defaults like tx sign')
    .requiredOption('--key <file>', 'key file (kind "key"), or keyring (kind "keys") with --from')
    .requiredOption('--state <file>', 'current state file (domain, sender index and nonce)')
    .option('--from <I>', 'account index (needed with a keyring or a key shared by several accounts)')
    .requiredOption('--address <0x..>', 'L1 address credited on L1 (signed: nobody can redirect it)')
    .requiredOption('--amount <A>', 'L2 amount withdrawn (> 0; exact below 2^34, above that m·10^e); an inexact one is refused with the nearest values')
    .requiredOption('--fee <F>', 'fee paid to the batch\'s fee recipient: m·10^e with m < 16; an inexact one is refused with the nearest values')
    .option('--nonce <N>', 'account nonce (default: state nonce + withdrawals from the account already in --append)')
    .option('-o, --out <file>', 'write a withdrawals file with just this withdrawal')
    .option('--append <file>', 'append to a withdrawals file (created if missing)')
    .action(async (options: WithdrawOptions) => {
      const { file, append } = target(options);
      const address = parseAddress(options.address, '--address');
      const amount = parseFloatValue(options.amount, '--amount');
      if (amount === 0n) {
        throw cliError('INVALID_ARGUMENT', '--amount must be above 0: a batch rejects a withdrawal of nothing (ZERO_WITHDRAWAL, docs/protocol.md §11)', { details: { field: '--amount', value: options.amount } });
      }
      const fee = parseFloatValue(options.fee, '--fee');
      const suite = await cli.crypto();
      const state = await readStateFile(suite, options.state);
      const { key, from } = await sender(suite, state, options);
      const existing = append && existsSync(file) ? await readWithdrawalsFile(file) : [];
      const withdrawal = signWithdrawal(suite, key.privateKey, state.domain, {
        from, address, amount, fee, nonce: nonceOf(options, state, from, existing.filter((w) => w.from === from).length),
      });
      await writeWithdrawalsFile(file, [...existing, withdrawal]);
      cli.result(
        { file, count: existing.length + 1, withdrawal: { ...withdrawal, address: ownerToHex(withdrawal.address) } },
        `signed withdrawal ${withdrawal.from} -> L1 ${ownerToHex(withdrawal.address)} amount ${withdrawal.amount} fee ${withdrawal.fee} nonce ${withdrawal.nonce}; ${file} holds ${existing.length + 1} withdrawal(s)`,
      );
    });
}
