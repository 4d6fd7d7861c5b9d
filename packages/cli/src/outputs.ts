/**
 * The one place commands check their output paths, before any work (compiling, proving, sending
 * transactions), so a command never fails after doing it with nowhere to put the result.
 */
import { assertWritable } from '@zkr/files';

/**
 * Throws `FILE_UNWRITABLE` naming the flag of the first output that cannot be written: its
 * directory is missing, not a directory or not writable, or the output is a directory.
 */
export function assertWritableOutputs(outputs: readonly (readonly [file: string, flag: string])[]): void {
  for (const [file, flag] of outputs) assertWritable(file, flag);
}
