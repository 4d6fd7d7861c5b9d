/**
 * `zkr batch build` as one library call over files: it takes an exclusive lock on every file it
 * reads for writing or writes, checks every output path before any work, and writes the batch, the
 * new state and the remaining transfers all-or-nothing (`@zkr/files`). Two builds on one state file
 * cannot both succeed (the second gets `LOCKED`), and a failure leaves every file as it was.
 */
import { resolve } from 'node:path';
import { assertWritable, lockPathForFile, withLocks } from '@zkr/files';
import { buildBatch, type BuildBatchResult } from './builder';
import { stateError } from './errors';
import { writeJsonFiles, type JsonFileWrite } from './files';
import { batchToJson, readStateFile, readTransfersFile, stateToJson, transfersToJson } from './json';
import type { CryptoSuite } from './suite';

/** The files of {@link buildBatchFiles}; errors name each by its `zkr batch build` flag (`--state-out`). */
export interface BatchFiles {
  /** State file before the batch. */
  readonly stateFile: string;
  /** Transfers file, in application order. */
  readonly transfersFile: string;
  /** Batch file to write. */
  readonly batchFile: string;
  /** Where to write the state after the batch (may be `stateFile`); not written when absent. */
  readonly stateOut?: string;
  /** Where to write the transfers that did not fit (may be `transfersFile`); not written when absent. */
  readonly remainingOut?: string;
}

/** Options of {@link buildBatchFiles}: the files and the batch parameters of `buildBatch`. */
export interface BuildBatchFilesOptions extends BatchFiles {
  readonly batchSize: number;
  readonly feeRecipient: number;
}

const LABELS = { stateFile: '--state', transfersFile: '--txs', batchFile: '--out', stateOut: '--state-out', remainingOut: '--remaining-out' } as const;

/** Throws `INVALID_ARGUMENT` if two outputs are one file, or the batch file would overwrite an input. */
function assertDistinct(files: BatchFiles): void {
  const outputs = (['batchFile', 'stateOut', 'remainingOut'] as const).filter((k) => files[k] !== undefined);
  const taken = new Map<string, keyof BatchFiles>([[resolve(files.stateFile), 'stateFile'], [resolve(files.transfersFile), 'transfersFile']]);
  const allowed: Partial<Record<keyof BatchFiles, keyof BatchFiles>> = { stateOut: 'stateFile', remainingOut: 'transfersFile' };
  for (const key of outputs) {
    const path = resolve(files[key]!);
    const other = taken.get(path);
    if (other !== undefined && allowed[key] !== other) {
      throw stateError('INVALID_ARGUMENT', `${LABELS[key]} ${files[key]} is also ${LABELS[other]}; pass a different path`, { details: { field: LABELS[key], value: files[key] } });
    }
    taken.set(path, key);
  }
}

/**
 * Reads the state and transfers, builds the batch ({@link buildBatch}) and writes the outputs
 * together, holding `<file>.lock` on the state file and every output meanwhile (`LOCKED` if another
 * process holds one). Outputs are checked first (`FILE_UNWRITABLE`); on any error no file changes.
 */
export async function buildBatchFiles(suite: CryptoSuite, options: BuildBatchFilesOptions): Promise<BuildBatchResult> {
  assertDistinct(options);
  const outputs = [['stateOut', options.stateOut], ['batchFile', options.batchFile], ['remainingOut', options.remainingOut]] as const;
  for (const [key, file] of outputs) if (file !== undefined) assertWritable(file, LABELS[key]);
  const locked = [options.stateFile, ...outputs.flatMap(([, file]) => (file === undefined ? [] : [file]))];
  return withLocks(locked.map(lockPathForFile), 'zkr batch build', async () => {
    const state = await readStateFile(suite, options.stateFile);
    const transfers = await readTransfersFile(options.transfersFile);
    const result = buildBatch(state, transfers, { batchSize: options.batchSize, feeRecipient: options.feeRecipient });
    const writes: JsonFileWrite[] = [];
    if (options.stateOut !== undefined) writes.push({ file: options.stateOut, value: stateToJson(result.state), label: LABELS.stateOut });
    writes.push({ file: options.batchFile, value: batchToJson(result.batch), label: LABELS.batchFile });
    if (options.remainingOut !== undefined) writes.push({ file: options.remainingOut, value: transfersToJson(result.remaining), label: LABELS.remainingOut });
    await writeJsonFiles(writes);
    return result;
  });
}
