/** `zkr genesis`: the initial state file, from given public keys or freshly generated test accounts. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import {
  computeDomain, FIELD_ORDER, generateKeyPair, keysToJson, readAccountsFile, RollupState, stateToJson, VALUE_LIMIT,
  writeJsonFiles, type CryptoSuite, type IndexedKeyPair, type JsonFileWrite, type PublicKey,
} from '@zkr/state';
import { assertWritable, lockPathForFile, withLocks } from '@zkr/files';
import { isZkrError } from '@zkr/errors';
import { cliError } from '../errors';
import type { Cli } from '../cli';
import { exactlyOne, parseBigint, parseDepth, parseInteger, parseOwner } from '../args';

interface GenesisOptions {
  depth: string;
  queuePositions: string;
  withdrawalPositions: string;
  accounts?: string;
  generate?: string;
  balance: string;
  owner?: string;
  domain?: string;
  chainId?: string;
  rollup?: string;
  out: string;
  keysOut?: string;
  force?: boolean;
}

/** The domain from `--domain` or from `--chain-id` and `--rollup` (docs/protocol.md §4). */
export function domainFromOptions(options: { domain?: string; chainId?: string; rollup?: string }): bigint {
  if (options.domain !== undefined) {
    if (options.chainId !== undefined || options.rollup !== undefined) {
      throw cliError('INVALID_ARGUMENT', 'pass either --domain or --chain-id with --rollup, not both', { details: { field: '--domain' } });
    }
    return parseBigint(options.domain, '--domain', FIELD_ORDER, 'r');
  }
  if (options.chainId === undefined || options.rollup === undefined) {
    throw cliError('INVALID_ARGUMENT', 'pass --domain F, or --chain-id C together with --rollup ADDR (the rollup contract address)', {
      details: { field: '--domain' },
    });
  }
  const chainId = parseBigint(options.chainId, '--chain-id', 1n << 256n, '2^256');
  try {
    return computeDomain(chainId, options.rollup);
  } catch (error) {
    // @zkr/state names its parameter; the user gave a flag (and a bad value is a usage error).
    if (isZkrError(error, 'INVALID_ARGUMENT') && error.details.field === 'rollupAddress') {
      throw cliError('INVALID_ARGUMENT', `--rollup must be a 20-byte 0x-hex address (0x and 40 hex digits, checksummed if mixed-case), got ${JSON.stringify(options.rollup)}`, {
        details: { field: '--rollup', value: options.rollup },
        cause: error,
      });
    }
    throw error;
  }
}

/** A genesis account, its balance and owner defaults applied. */
interface Entry {
  readonly index: number;
  readonly publicKey: PublicKey;
  readonly balance: bigint;
  readonly owner: bigint;
}

/** The accounts (and generated keys) of `--accounts` or `--generate`: `balance` fills what an entry leaves out, `owner` is every generated account's. */
async function entries(suite: CryptoSuite, options: GenesisOptions, defaults: { balance: bigint; owner: bigint }, depth: number): Promise<{ keys: IndexedKeyPair[]; accounts: Entry[] }> {
  const source = exactlyOne(options as unknown as Record<string, unknown>, { accounts: '--accounts FILE', generate: '--generate K' });
  if (source === 'accounts') {
    if (options.keysOut !== undefined) {
      throw cliError('INVALID_ARGUMENT', '--keys-out only applies to --generate (with --accounts the keys stay with their owners)', {
        details: { field: '--keys-out' },
      });
    }
    if (options.owner !== undefined) {
      throw cliError('INVALID_ARGUMENT', '--owner only applies to --generate (with --accounts each entry has its own "owner", none when absent)', {
        details: { field: '--owner' },
      });
    }
    const listed = await readAccountsFile(options.accounts!);
    return {
      keys: [],
      accounts: listed.map((a, index) => ({ index, publicKey: a.publicKey, balance: a.balance ?? defaults.balance, owner: a.owner ?? 0n })),
    };
  }
  const count = parseInteger(options.generate!, '--generate', 1, Math.min(2 ** depth, 1_000_000));
  const keys: IndexedKeyPair[] = Array.from({ length: count }, (_, index) => ({ index, ...generateKeyPair(suite.eddsa) }));
  return { keys, accounts: keys.map(({ index, publicKey }) => ({ index, publicKey: publicKey as PublicKey, ...defaults })) };
}

/** Registers `zkr genesis`. */
export function register(program: Command, cli: Cli): void {
  program
    .command('genesis')
    .description('create the genesis state file (account i gets index i)')
    .requiredOption('--depth <D>', 'account tree depth, an even number 2..32 (the tree has arity 4)')
    .option('--queue-positions <Q>', 'L1 queue operations (deposits, forced exits) a batch can consume, 1..64 (docs/protocol.md §12)', '1')
    .option('--withdrawal-positions <W>', 'withdrawals a batch can hold, 1..64 (docs/protocol.md §11)', '1')
    .option('--accounts <file>', 'accounts file (kind "accounts": public keys, optional balances and owners)')
    .option('--generate <K>', 'generate K test accounts with fresh keys (save them with --keys-out)')
    .option('--balance <X>', 'balance of every account without an explicit one', '1000000000')
    .option('--owner <address>', 'with --generate: the L1 owner address (0x + 40 hex digits) of every generated account (default: none, the zero address)')
    .option('--domain <F>', 'rollup domain, a field element (for a test rollup)')
    .option('--chain-id <C>', 'chain id, with --rollup: domain computed as in docs/protocol.md §4')
    .option('--rollup <address>', 'rollup contract address, with --chain-id')
    .requiredOption('--out <file>', 'state file to write')
    .option('--keys-out <file>', 'with --generate: write the generated private keys here (kind "keys")')
    .option('--force', 'overwrite existing --out / --keys-out files')
    .action(async (options: GenesisOptions) => {
      const outputs: [flag: string, file: string][] = [['--out', options.out]];
      if (options.keysOut !== undefined) outputs.push(['--keys-out', options.keysOut]);
      if (options.keysOut !== undefined && resolve(options.keysOut) === resolve(options.out)) {
        throw cliError('INVALID_ARGUMENT', '--keys-out must differ from --out', { details: { field: '--keys-out', value: options.keysOut } });
      }
      for (const [flag, file] of outputs) {
        assertWritable(file, flag);
        if (!options.force && existsSync(file)) {
          throw cliError('FILE_EXISTS', `${file} already exists (a state or keys file is not replaced silently); choose another ${flag} or pass --force`, {
            details: { field: flag, value: file },
          });
        }
      }
      const depth = parseDepth(options.depth, '--depth');
      const queuePositions = parseInteger(options.queuePositions, '--queue-positions', 1, 64);
      const withdrawalPositions = parseInteger(options.withdrawalPositions, '--withdrawal-positions', 1, 64);
      const balance = parseBigint(options.balance, '--balance', VALUE_LIMIT, '2^64');
      const owner = options.owner === undefined ? 0n : parseOwner(options.owner, '--owner');
      const domain = domainFromOptions(options);
      const suite = await cli.crypto();
      const { keys, accounts } = await entries(suite, options, { balance, owner }, depth);
      if (options.generate !== undefined && options.keysOut === undefined) {
        cli.note('warning: the generated private keys are not saved; pass --keys-out FILE to sign transfers later');
      }
      const state = RollupState.genesis(suite, {
        depth,
        queuePositions,
        withdrawalPositions,
        domain,
        accounts: accounts.map(({ index, publicKey, balance: b, owner: o }) => ({ index, account: { publicKey, balance: b, nonce: 0n, owner: o } })),
      });
      // The state and its keys land together or not at all: never a state whose keys were lost.
      const writes: JsonFileWrite[] = [{ file: options.out, value: stateToJson(state), label: '--out' }];
      if (options.keysOut !== undefined) writes.push({ file: options.keysOut, value: keysToJson(keys), label: '--keys-out' });
      await withLocks(outputs.map(([, file]) => lockPathForFile(file)), 'zkr genesis', () => writeJsonFiles(writes));
      cli.result(
        {
          file: options.out, keysFile: options.keysOut ?? null, depth, queuePositions, withdrawalPositions, domain, accounts: state.size,
          batchCount: state.batchCount, root: state.root, stateHash: state.stateHash,
        },
        `wrote ${options.out}: ${state.size} accounts, depth ${depth}, ${queuePositions} queue and ${withdrawalPositions} withdrawal position(s) per batch, batch count ${state.batchCount}\ndomain     ${domain}\nroot       ${state.root}\nstate hash ${state.stateHash}` +
          (options.keysOut ? `\nkeys in ${options.keysOut}` : ''),
      );
    });
}
