/**
 * Money in and out on L1 (docs/protocol.md §12, §13): `zkr deposit`, `zkr exit request`, `zkr queue`
 * (the L1 queue into a queue file for `zkr batch build --queue`), `zkr claim` and `zkr balance`.
 * Amounts given and printed on L2 are L2 units; L1 amounts are base units (wei for ETH), labelled.
 */
import type { Command } from 'commander';
import { getAddress } from 'ethers';
import { ownerToHex, readKeyFile, readStateFile, writeQueueFile, type QueueOperation } from '@zkr/state';
import { cliError } from '../errors';
import { exactlyOne, parseFloatValue, parseInteger, parseOwner } from '../args';
import type { Cli } from '../cli';
import { assertWritableOutputs } from '../outputs';
import { formatL1, formatL2, readDeployment, withRollup, type RollupFlags } from '../rollup';
import { addL1Options } from './deploy';

interface DepositFlags extends RollupFlags {
  key?: string;
  to?: string;
  amount: string;
}

interface ExitFlags extends RollupFlags {
  index: string;
}

interface QueueFlags extends RollupFlags {
  from: string;
  out?: string;
}

interface BalanceFlags extends RollupFlags {
  address?: string;
  state?: string;
  index?: string;
}

/** The names of the queue operation kinds (docs/protocol.md §12.1), for printing. */
const KIND_NAMES: Record<QueueOperation['kind'], string> = { 1: 'deposit to a new account', 2: 'deposit', 3: 'forced exit' };

/** One line per queue operation. */
function describeOperation(op: QueueOperation): string {
  return `#${op.position} ${KIND_NAMES[op.kind]} index ${op.index} amount ${op.amount} by ${ownerToHex(op.address)} at ${new Date(op.time * 1000).toISOString()}`;
}

/** `--deployment` and the L1 flags on `command`. */
function rollupCommand(command: Command): Command {
  return addL1Options(command.requiredOption('--deployment <file>', 'deployment file written by `zkr deploy`'));
}

/** Registers `zkr deposit`, `zkr exit request`, `zkr queue`, `zkr claim` and `zkr balance`. */
export function register(program: Command, cli: Cli): void {
  rollupCommand(
    program
      .command('deposit')
      .description('deposit on L1 (docs/protocol.md §12): with --key, a new account with that public key and the signer as its L1 owner; with --to, into an existing account. The next batch applies it; a deposit that cannot be applied is refunded to the signer\'s claimable balance')
      .option('--key <file>', 'key file (kind "key") of the new account')
      .option('--to <I>', 'index of an existing account to deposit into')
      .requiredOption('--amount <A>', 'L2 amount (gwei on the default ETH rollup); the signer pays amount·unit; an inexact float is refused with the nearest values'),
  ).action(async (flags: DepositFlags) => {
    const target = exactlyOne(flags as unknown as Record<string, unknown>, { key: '--key FILE', to: '--to I' });
    const amount = parseFloatValue(flags.amount, '--amount');
    const d = await readDeployment(flags);
    const key = target === 'key' ? await readKeyFile(await cli.crypto(), flags.key!) : undefined;
    const index = target === 'to' ? parseInteger(flags.to!, '--to', 0, 2 ** d.depth - 1) : undefined;
    await withRollup(cli, d, flags, async (client, confirmations) => {
      const paid = formatL1(d, amount * d.unit);
      if (index === undefined) {
        const r = await client.deposit({ publicKey: key!.publicKey, amount }, { confirmations });
        cli.result(
          { ...r, kind: 1, amount, value: amount * d.unit },
          `queued deposit #${r.position}: new account ${r.index} with ${formatL2(d, amount)}, paid ${paid} (tx ${r.txHash}); it appears on L2 in the next batch`,
        );
        return;
      }
      const r = await client.depositTo({ index, amount }, { confirmations });
      cli.result(
        { ...r, kind: 2, index, amount, value: amount * d.unit },
        `queued deposit #${r.position}: ${formatL2(d, amount)} to account ${index}, paid ${paid} (tx ${r.txHash}); it appears on L2 in the next batch`,
      );
    });
  });

  const exit = program.command('exit').description('forced exits through the L1 queue (docs/protocol.md §12)');
  rollupCommand(
    exit
      .command('request')
      .description('queue a forced exit: the next batch pays the account\'s whole L2 balance to its L1 owner\'s claimable balance (the signer must be the owner; otherwise the exit pays nothing)')
      .requiredOption('--index <I>', 'account index'),
  ).action(async (flags: ExitFlags) => {
    const d = await readDeployment(flags);
    const index = parseInteger(flags.index, '--index', 0, 2 ** d.depth - 1);
    await withRollup(cli, d, flags, async (client, confirmations) => {
      const r = await client.requestExit({ index }, { confirmations });
      cli.result({ ...r, kind: 3, index }, `queued forced exit #${r.position} of account ${index} (tx ${r.txHash}); once a batch consumes it, \`zkr claim\` pays the balance`);
    });
  });

  rollupCommand(
    program
      .command('queue')
      .description('read the L1 queue (deposits and forced exits, docs/protocol.md §12) from the chain; with --out, write it as a queue file for `zkr batch build --queue`')
      .option('--from <K>', 'first position to read', '0')
      .option('-o, --out <file>', 'queue file to write'),
  ).action(async (flags: QueueFlags) => {
    if (flags.out !== undefined) assertWritableOutputs([[flags.out, '--out']]);
    const from = parseInteger(flags.from, '--from', 0, Number.MAX_SAFE_INTEGER);
    await withRollup(cli, await readDeployment(flags), flags, async (client) => {
      const [operations, consumed, length] = await Promise.all([client.queueOperations({ fromPosition: from }), client.consumed(), client.queueLength()]);
      if (flags.out !== undefined) await writeQueueFile(flags.out, operations);
      const pending = operations.filter((op) => op.position >= consumed).length;
      cli.result(
        { file: flags.out ?? null, length, consumed, pending, operations: operations.map((op) => ({ ...op, address: ownerToHex(op.address) })) },
        [
          `L1 queue: ${length} operation(s), ${consumed} consumed by accepted batches${flags.out === undefined ? '' : `; wrote ${operations.length} to ${flags.out}`}`,
          ...operations.map((op) => `  ${describeOperation(op)}${op.position < consumed ? ' (consumed)' : ''}`),
        ].join('\n'),
      );
    });
  });

  rollupCommand(
    program
      .command('claim')
      .description('pay the signer\'s claimable balance on L1 (credits of withdrawals, forced exits, refunds and exodus withdrawals, docs/protocol.md §13) to the signer'),
  ).action(async (flags: RollupFlags) => {
    await withRollup(cli, await readDeployment(flags), flags, async (client, confirmations) => {
      // Nothing to claim reverts at gas estimation (NOTHING_TO_CLAIM): no transaction is sent.
      const address = getAddress(await client.connection.signer.getAddress());
      const r = await client.claim({ confirmations });
      cli.result({ ...r, address }, `claimed ${formatL1(client.deployment, r.amount)} to ${address} (tx ${r.txHash})`);
    });
  });

  rollupCommand(
    program
      .command('balance')
      .description('L1: the asset balance and claimable balance of an address (default: the signer); with --state and --index, the account\'s L2 balance in a local state file')
      .option('--address <0x..>', 'L1 address to show (default: the signer)')
      .option('--state <file>', 'local state file for the L2 balance')
      .option('--index <I>', 'account index in --state'),
  ).action(async (flags: BalanceFlags) => {
    if ((flags.state === undefined) !== (flags.index === undefined)) {
      throw cliError('INVALID_ARGUMENT', 'pass --state FILE together with --index I for the L2 balance (or neither)', { details: { field: flags.state === undefined ? '--state' : '--index' } });
    }
    const given = flags.address === undefined ? undefined : getAddress(ownerToHex(parseOwner(flags.address, '--address')));
    const d = await readDeployment(flags);
    let l2: { index: number; balance: bigint; nonce: bigint } | null = null;
    const l2Line: string[] = [];
    if (flags.state !== undefined) {
      const state = await readStateFile(await cli.crypto(), flags.state);
      const index = parseInteger(flags.index!, '--index', 0, 2 ** state.depth - 1);
      const account = state.account(index);
      if (!account) throw cliError('UNKNOWN_ACCOUNT', `${flags.state} has no account at index ${index}`, { details: { field: '--index', value: index } });
      l2 = { index, balance: account.balance, nonce: account.nonce };
      l2Line.push(`L2 account ${index} (${flags.state}, batch count ${state.batchCount}): ${formatL2(d, account.balance)}, nonce ${account.nonce}`);
    }
    await withRollup(cli, d, flags, async (client) => {
      const address = given ?? getAddress(await client.connection.signer.getAddress());
      const [claimable, held] = await Promise.all([client.claimable(address), client.l1Balance(address)]);
      const lines = [`L1 ${address}: holds ${formatL1(d, held)}, claimable ${formatL1(d, claimable)}`, ...l2Line];
      cli.result({ address, l1Balance: held, claimable, l2 }, lines.join('\n'));
    });
  });
}
