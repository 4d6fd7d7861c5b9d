/** `zkr batch ...`: build batches from a state and a transfers file. */
import type { Command } from 'commander';
import { buildBatchFiles, MAX_BATCH_SIZE, txDataOf } from '@zkr/state';
import { parseInteger } from '../args';
import type { Cli } from '../cli';

interface BuildOptions {
  state: string;
  txs: string;
  batchSize: string;
  feeRecipient: string;
  out: string;
  stateOut?: string;
  remainingOut?: string;
}

/** Registers `zkr batch build`. */
export function register(program: Command, cli: Cli): void {
  const group = program.command('batch').description('build rollup batches');
  group
    .command('build')
    .description('apply transfers in order, reject invalid ones with a reason code, pad with no-ops and write the batch, numbered after the state\'s batch count (with the new state and remaining transfers: all files or none, under a lock)')
    .requiredOption('--state <file>', 'state file before the batch')
    .requiredOption('--txs <file>', 'transfers file, in application order')
    .requiredOption('--batch-size <N>', 'slots per batch (the circuit instance size)')
    .requiredOption('--fee-recipient <I>', 'index of the existing account credited with the fees')
    .requiredOption('--out <file>', 'batch file to write')
    .option('--state-out <file>', 'write the state after the batch here (may equal --state)')
    .option('--remaining-out <file>', 'write the transfers that did not fit in the batch here')
    .action(async (options: BuildOptions) => {
      const batchSize = parseInteger(options.batchSize, '--batch-size', 1, MAX_BATCH_SIZE);
      const feeRecipient = parseInteger(options.feeRecipient, '--fee-recipient', 0, 2 ** 32 - 1);
      const result = await buildBatchFiles(await cli.crypto(), {
        stateFile: options.state,
        transfersFile: options.txs,
        batchFile: options.out,
        stateOut: options.stateOut,
        remainingOut: options.remainingOut,
        batchSize,
        feeRecipient,
      });
      const { batch, accepted, rejected, remaining } = result;
      if (accepted.length === 0) cli.note(`warning: no transfer was accepted; batch #${batch.batchNumber} is all no-ops (newRoot = oldRoot)`);
      const slotBytes = txDataOf(batch.batchData, batch.depth).length;
      cli.result(
        {
          file: options.out,
          stateFile: options.stateOut ?? null,
          batchNumber: batch.batchNumber,
          accepted: accepted.length,
          noops: batch.batchSize - accepted.length,
          rejected: rejected.map(({ position, code, message }) => ({ position, code, message })),
          remaining: remaining.length,
          totalFees: batch.totalFees,
          oldRoot: batch.oldRoot,
          newRoot: batch.newRoot,
          oldStateHash: batch.oldStateHash,
          newStateHash: batch.newStateHash,
          dataHash: batch.dataHash,
          slotBytes,
        },
        [
          `wrote ${options.out}: batch #${batch.batchNumber}, ${accepted.length} transfer(s), ${batch.batchSize - accepted.length} no-op(s), fees ${batch.totalFees}, ${slotBytes} slot bytes`,
          ...rejected.map((r) => `  rejected #${r.position} [${r.code}]: ${r.message}`),
          ...(remaining.length > 0 ? [`  ${remaining.length} transfer(s) did not fit${options.remainingOut ? `, written to ${options.remainingOut}` : ''}`] : []),
          `old root       ${batch.oldRoot}`,
          `new root       ${batch.newRoot}`,
          `new state hash ${batch.newStateHash} (public input 1)`,
          `data hash      ${batch.dataHash} (public input 2)`,
        ].join('\n'),
      );
    });
}
