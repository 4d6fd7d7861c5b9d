/**
 * `zkr exodus ...`: the escape hatch of docs/protocol.md §13. When the oldest unconsumed queue
 * operation waited longer than the exodus delay, anyone can freeze the rollup; then each account's
 * L1 owner gets its last settled balance with a Merkle proof from a state file, and unconsumed
 * deposits are refunded. Both only credit: the money leaves with `zkr claim`.
 */
import type { Command } from 'commander';
import { ownerToHex, readStateFile } from '@zkr/state';
import { cliError } from '../errors';
import { parseInteger } from '../args';
import type { Cli } from '../cli';
import { formatL1, formatL2, readDeployment, withRollup, type RollupFlags } from '../rollup';
import { addL1Options } from './deploy';

interface WithdrawFlags extends RollupFlags {
  state: string;
  index: string;
}

interface RefundFlags extends RollupFlags {
  position: string;
}

/** `--deployment` and the L1 flags on `command`. */
function rollupCommand(command: Command): Command {
  return addL1Options(command.requiredOption('--deployment <file>', 'deployment file written by `zkr deploy`'));
}

/** Registers `zkr exodus activate`, `zkr exodus withdraw` and `zkr exodus refund`. */
export function register(program: Command, cli: Cli): void {
  const group = program.command('exodus').description('the escape hatch (docs/protocol.md §13): when the queue is not served within the exodus delay, freeze the rollup and take the money out without the operator');
  rollupCommand(
    group
      .command('activate')
      .description('enter exodus mode (anyone may, once the oldest unconsumed queue operation is older than the exodus delay): no batch, deposit or exit is accepted after it and the state hash is final'),
  ).action(async (flags: RollupFlags) => {
    await withRollup(cli, await readDeployment(flags), flags, async (client, confirmations) => {
      const r = await client.activateExodus({ confirmations });
      cli.result(r, `exodus mode active on ${client.deployment.rollup} (tx ${r.txHash}): owners withdraw with \`zkr exodus withdraw\`, depositors of unconsumed deposits with \`zkr exodus refund\``);
    });
  });
  rollupCommand(
    group
      .command('withdraw')
      .description("in exodus mode: credit an account's balance in the final state to its L1 owner, proved by a Merkle path built from --state (the state L1 holds); then `zkr claim` from the owner's address")
      .requiredOption('--state <file>', 'state file of the last accepted batch (its state hash must be the one L1 holds)')
      .requiredOption('--index <I>', 'account index'),
  ).action(async (flags: WithdrawFlags) => {
    const deployment = await readDeployment(flags);
    const state = await readStateFile(await cli.crypto(), flags.state);
    const index = parseInteger(flags.index, '--index', 0, 2 ** state.depth - 1);
    const account = state.account(index);
    if (!account) throw cliError('UNKNOWN_ACCOUNT', `${flags.state} has no account at index ${index}`, { details: { field: '--index', value: index } });
    await withRollup(cli, deployment, flags, async (client, confirmations) => {
      // A state that is not L1's final one reverts at gas estimation (STALE_ROOT): no transaction is sent.
      const r = await client.exodusWithdraw({ root: state.root, index, account, siblings: state.siblings(index) }, { confirmations });
      const d = client.deployment;
      cli.result(
        { ...r, index, owner: ownerToHex(account.owner), balance: account.balance, value: account.balance * d.unit },
        `credited ${formatL2(d, account.balance)} of account ${index} to its owner ${ownerToHex(account.owner)} (tx ${r.txHash}); the owner takes ${formatL1(d, account.balance * d.unit)} with \`zkr claim\``,
      );
    });
  });
  rollupCommand(
    group
      .command('refund')
      .description('in exodus mode: credit an unconsumed deposit back to its depositor (read from the L1 queue); then `zkr claim` from the depositor\'s address')
      .requiredOption('--position <K>', 'queue position of the deposit (see `zkr queue`)'),
  ).action(async (flags: RefundFlags) => {
    const position = parseInteger(flags.position, '--position', 0, Number.MAX_SAFE_INTEGER);
    await withRollup(cli, await readDeployment(flags), flags, async (client, confirmations) => {
      const [operation] = await client.queueOperations({ fromPosition: position });
      if (operation?.position !== position) {
        throw cliError('INVALID_ARGUMENT', `the L1 queue has no operation at position ${position}; list it with \`zkr queue\``, { details: { field: '--position', value: position } });
      }
      const r = await client.refundDeposit(operation, { confirmations });
      const d = client.deployment;
      cli.result(
        { ...r, position, address: ownerToHex(operation.address), amount: operation.amount, value: operation.amount * d.unit },
        `credited deposit #${position} (${formatL2(d, operation.amount)}) back to ${ownerToHex(operation.address)} (tx ${r.txHash}); take it with \`zkr claim\``,
      );
    });
  });
}
