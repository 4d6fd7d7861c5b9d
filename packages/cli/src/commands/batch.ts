/** `zkr batch ...`: build batches from a state, the L1 queue, transfers and withdrawals (docs/protocol.md §6). */
import type { Command } from 'commander';
import { buildBatchFiles, creditsOf, MAX_BATCH_SIZE, ownerToHex, txDataOf } from '@zkr/state';
import { parseInteger } from '../args';
import type { Cli } from '../cli';

interface BuildOptions {
  state: string;
  txs: string;
  queue?: string;
  withdrawals?: string;
  batchSize: string;
  feeRecipient: string;
  out: string;
  stateOut?: string;
  remainingOut?: string;
  remainingWithdrawalsOut?: string;
}

/** Registers `zkr batch build`. */
export function register(program: Command, cli: Cli): void {
  const group = program.command('batch').description('build rollup batches');
  group
    .command('build')
    .description('consume the pending L1 queue operations (up to the queue positions), apply transfers then withdrawals in order, reject invalid ones with a reason code, pad with no-ops and write the batch, numbered after the state\'s batch count (with the new state and remaining transfers and withdrawals: all files or none, under a lock)')
    .requiredOption('--state <file>', 'state file before the batch')
    .requiredOption('--txs <file>', 'transfers file, in application order')
    .option('--queue <file>', 'queue file (`zkr queue --out`): the operations from the state\'s queue count on are consumed in order')
    .option('--withdrawals <file>', 'withdrawals file (`zkr tx withdraw`), in application order')
    .requiredOption('--batch-size <N>', 'slots per batch (the circuit instance size)')
    .requiredOption('--fee-recipient <I>', 'index of the existing account credited with the fees')
    .requiredOption('--out <file>', 'batch file to write')
    .option('--state-out <file>', 'write the state after the batch here (may equal --state)')
    .option('--remaining-out <file>', 'write the transfers that did not fit in the batch here')
    .option('--remaining-withdrawals-out <file>', 'write the withdrawals that did not fit in the batch here')
    .action(async (options: BuildOptions) => {
      const batchSize = parseInteger(options.batchSize, '--batch-size', 1, MAX_BATCH_SIZE);
      const feeRecipient = parseInteger(options.feeRecipient, '--fee-recipient', 0, 2 ** 32 - 1);
      const result = await buildBatchFiles(await cli.crypto(), {
        stateFile: options.state,
        transfersFile: options.txs,
        queueFile: options.queue,
        withdrawalsFile: options.withdrawals,
        remainingWithdrawalsFile: options.remainingWithdrawalsOut,
        batchFile: options.out,
        stateOut: options.stateOut,
        remainingOut: options.remainingOut,
        batchSize,
        feeRecipient,
      });
      const { batch, accepted, rejected, remaining, rejectedWithdrawals } = result;
      const operations = batch.queue.flatMap((q) => (q.kind === 'operation' ? [{ position: q.operation.position, kind: q.operation.kind, index: q.operation.index, outcome: q.outcome }] : []));
      const withdrawals = batch.withdrawals.filter((w) => w.kind === 'withdrawal').length;
      const credits = creditsOf(batch).filter((c) => c.amount > 0n).map((c) => ({ address: ownerToHex(c.address), amount: c.amount }));
      if (accepted.length === 0 && operations.length === 0 && withdrawals === 0) {
        cli.note(`warning: nothing was accepted; batch #${batch.batchNumber} is all no-ops (newRoot = oldRoot)`);
      }
      const txDataBytes = txDataOf(batch.batchData, batch.depth).length;
      cli.result(
        {
          file: options.out,
          stateFile: options.stateOut ?? null,
          batchNumber: batch.batchNumber,
          queue: operations,
          accepted: accepted.length,
          noops: batch.batchSize - accepted.length,
          rejected: rejected.map(({ position, code, message }) => ({ position, code, message })),
          withdrawals,
          rejectedWithdrawals: rejectedWithdrawals.map(({ position, code, message }) => ({ position, code, message })),
          credits,
          remaining: remaining.length,
          totalFees: batch.totalFees,
          oldRoot: batch.oldRoot,
          newRoot: batch.newRoot,
          oldStateHash: batch.oldStateHash,
          newStateHash: batch.newStateHash,
          dataHash: batch.dataHash,
          oldQueueHash: batch.oldQueueHash,
          newQueueHash: batch.newQueueHash,
          txDataBytes,
        },
        [
          `wrote ${options.out}: batch #${batch.batchNumber}, ${operations.length} queue operation(s), ${accepted.length} transfer(s), ${batch.batchSize - accepted.length} no-op(s), ${withdrawals} withdrawal(s), fees ${batch.totalFees}, ${txDataBytes} txData bytes`,
          ...operations.map((o) => `  queue #${o.position} (kind ${o.kind}, index ${o.index}): ${o.outcome === 'applied' ? 'applied' : `not applied [${o.outcome}]`}`),
          ...rejected.map((r) => `  rejected #${r.position} [${r.code}]: ${r.message}`),
          ...rejectedWithdrawals.map((r) => `  rejected withdrawal #${r.position} [${r.code}]: ${r.message}`),
          ...credits.map((c) => `  L1 credit ${c.amount} L2 units to ${c.address} once L1 accepts the batch`),
          ...(remaining.length > 0 ? [`  ${remaining.length} transfer(s) did not fit${options.remainingOut ? `, written to ${options.remainingOut}` : ''}`] : []),
          `old root       ${batch.oldRoot}`,
          `new root       ${batch.newRoot}`,
          `new state hash ${batch.newStateHash} (public input 1)`,
          `data hash      ${batch.dataHash} (public input 2)`,
          `queue hashes   ${batch.oldQueueHash} -> ${batch.newQueueHash} (public inputs 3, 4)`,
        ].join('\n'),
      );
    });
}
