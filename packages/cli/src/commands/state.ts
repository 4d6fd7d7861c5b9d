/** `zkr state ...`: inspect a state file. */
import type { Command } from 'commander';
import { cliError } from '../errors';
import { ownerToHex, readStateFile } from '@zkr/state';
import { parseInteger } from '../args';
import type { Cli } from '../cli';

/** Registers `zkr state root --state FILE` and `zkr state account --state FILE --index I`. */
export function register(program: Command, cli: Cli): void {
  const group = program.command('state').description('inspect a rollup state file');
  group
    .command('root')
    .description('print the state root (the file is validated and its root recomputed); --json adds the parameters, the batch and queue counts, the queue hash and the state hash L1 holds')
    .requiredOption('--state <file>', 'state file')
    .action(async (options: { state: string }) => {
      const state = await readStateFile(await cli.crypto(), options.state);
      cli.result(
        {
          root: state.root, depth: state.depth, queuePositions: state.queuePositions, withdrawalPositions: state.withdrawalPositions, domain: state.domain,
          accounts: state.size, batchCount: state.batchCount, queueCount: state.queueCount, queueHash: state.queueHash, stateHash: state.stateHash,
        },
        state.root.toString(),
      );
    });
  group
    .command('account')
    .description('print one account: public key, balance, nonce, owner and its Merkle proof')
    .requiredOption('--state <file>', 'state file')
    .requiredOption('--index <I>', 'account index')
    .action(async (options: { state: string; index: string }) => {
      const state = await readStateFile(await cli.crypto(), options.state);
      const index = parseInteger(options.index, '--index', 0, 2 ** state.depth - 1);
      const account = state.account(index);
      if (!account) {
        throw cliError('UNKNOWN_ACCOUNT', `${options.state} has no account at index ${index}`, { details: { field: '--index', value: index } });
      }
      const owner = ownerToHex(account.owner);
      cli.result(
        { index, ...account, owner, siblings: state.siblings(index), root: state.root },
        `account ${index}: balance ${account.balance}, nonce ${account.nonce}, owner ${account.owner === 0n ? 'none' : owner}\npublic key ${account.publicKey.join(' ')}`,
      );
    });
}
