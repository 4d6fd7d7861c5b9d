/**
 * `zkr batch build` as one library call over files: it takes an exclusive lock on every file it
 * reads for writing or writes, checks every output path before any work, and writes the batch, the
 * new state, the remaining transfers and the remaining withdrawals all-or-nothing (`@zkr/files`).
 * Two builds on one state file cannot both succeed (the second gets `LOCKED`), and a failure leaves
 * every file as it was.
 */
import { resolve } from 'node:path';
import { assertWritable, lockPathForFile, withLocks } from '@zkr/files';
import { buildBatch, type BuildBatchResult } from './builder';
import { stateError } from './errors';
import { writeJsonFiles, type JsonFileWrite } from './files';
import {
  batchToJson, readQueueFile, readStateFile, readTransfersFile, readWithdrawalsFile, stateToJson, transfersToJson, withdrawalsToJson,
} from './json';
import type { CryptoSuite } from './suite';

/** The files of {@link buildBatchFiles}; errors name each by its `zkr batch build` flag (`--state-out`). */
export interface BatchFiles {
  /** State file before the batch. */
  readonly stateFile: string;
  /** Transfers file, in application order. */
  readonly transfersFile: string;
  /** Queue file (`kind: "queue"`, docs/protocol.md §10): the L1 queue operations; none consumed when absent. */
  readonly queueFile?: string;
  /** Withdrawals file, in application order; no withdrawals when absent. */
  readonly withdrawalsFile?: string;
  /** Batch file to write. */
  readonly batchFile: string;
  /** Where to write the state after the batch (may be `stateFile`); not written when absent. */
  readonly stateOut?: string;
  /** Where to write the transfers that did not fit (may be `transfersFile`); not written when absent. */
  readonly remainingOut?: string;
  /** Where to write the withdrawals that did not fit (may be `withdrawalsFile`); not written when absent. */
  readonly remainingWithdrawalsFile?: string;
}

/** Options of {@link buildBatchFiles}: the files and the batch parameters of `buildBatch`. */
export interface BuildBatchFilesOptions extends BatchFiles {
  readonly batchSize: number;
  readonly feeRecipient: number;
}

const LABELS = {
  stateFile: '--state', transfersFile: '--txs', queueFile: '--queue', withdrawalsFile: '--withdrawals', batchFile: '--out', stateOut: '--state-out',
  remainingOut: '--remaining-out', remainingWithdrawalsFile: '--remaining-withdrawals-out',
} as const;

const INPUTS = ['stateFile', 'transfersFile', 'queueFile', 'withdrawalsFile'] as const;
const OUTPUTS = ['batchFile', 'stateOut', 'remainingOut', 'remainingWithdrawalsFile'] as const;

/** Throws `INVALID_ARGUMENT` if two files are one (except an output replacing the input it updates). */
function assertDistinct(files: BatchFiles): void {
  const taken = new Map<string, keyof BatchFiles>();
  const allowed: Partial<Record<keyof BatchFiles, keyof BatchFiles>> = { stateOut: 'stateFile', remainingOut: 'transfersFile', remainingWithdrawalsFile: 'withdrawalsFile' };
  for (const key of [...INPUTS, ...OUTPUTS]) {
    if (files[key] === undefined) continue;
    const path = resolve(files[key]);
    const other = taken.get(path);
    if (other !== undefined && allowed[key] !== other) {
      throw stateError('INVALID_ARGUMENT', `${LABELS[key]} ${files[key]} is also ${LABELS[other]}; pass a different path`, { details: { field: LABELS[key], value: files[key] } });
    }
    taken.set(path, key);
  }
}

/**
 * Reads the state, transfers and (when given) the queue and withdrawals, builds the batch
 * ({@link buildBatch}) and writes the outputs together, holding `<file>.lock` on the state file and
 * every output meanwhile (`LOCKED` if another process holds one). Outputs are checked first
 * (`FILE_UNWRITABLE`); on any error no file changes.
 */
export async function buildBatchFiles(suite: CryptoSuite, options: BuildBatchFilesOptions): Promise<BuildBatchResult> {
  assertDistinct(options);
  for (const key of OUTPUTS) if (options[key] !== undefined) assertWritable(options[key], LABELS[key]);
  const locked = [options.stateFile, ...OUTPUTS.flatMap((key) => (options[key] === undefined ? [] : [options[key]]))];
  return withLocks(locked.map(lockPathForFile), 'zkr batch build', async () => {
    const state = await readStateFile(suite, options.stateFile);
    const transfers = await readTransfersFile(options.transfersFile);
    const queue = options.queueFile === undefined ? [] : await readQueueFile(suite, options.queueFile);
    const withdrawals = options.withdrawalsFile === undefined ? [] : await readWithdrawalsFile(options.withdrawalsFile);
    const result = buildBatch(state, transfers, { batchSize: options.batchSize, feeRecipient: options.feeRecipient, queue, withdrawals });
    const writes: JsonFileWrite[] = [];
    if (options.stateOut !== undefined) writes.push({ file: options.stateOut, value: stateToJson(result.state), label: LABELS.stateOut });
    writes.push({ file: options.batchFile, value: batchToJson(result.batch), label: LABELS.batchFile });
    if (options.remainingOut !== undefined) writes.push({ file: options.remainingOut, value: transfersToJson(result.remaining), label: LABELS.remainingOut });
    if (options.remainingWithdrawalsFile !== undefined) {
      writes.push({ file: options.remainingWithdrawalsFile, value: withdrawalsToJson(result.remainingWithdrawals), label: LABELS.remainingWithdrawalsFile });
    }
    await writeJsonFiles(writes);
    return result;
  });
}
