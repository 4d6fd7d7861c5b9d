/**
 * Checking an output path before any transaction is sent, so a deployment never lands on chain
 * with nowhere to record it (orphaned contracts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { l1Error } from './errors';

/** Throws `FILE_UNWRITABLE` unless `file` can be written: its parent dir exists and is writable, and `file` is not a directory. */
export function assertWritableOutput(file: string, field: string): void {
  const parent = path.dirname(path.resolve(file));
  const unwritable = (why: string, cause?: unknown) =>
    l1Error('FILE_UNWRITABLE', `${field} ${file}: ${why}; pass a writable file path`, { details: { field, path: file }, cause });
  let parentStat: fs.Stats;
  try {
    parentStat = fs.statSync(parent);
  } catch (cause) {
    throw unwritable(`the directory ${parent} does not exist`, cause);
  }
  if (!parentStat.isDirectory()) throw unwritable(`${parent} is not a directory`);
  try {
    fs.accessSync(parent, fs.constants.W_OK);
  } catch (cause) {
    throw unwritable(`the directory ${parent} is not writable`, cause);
  }
  const target = fs.statSync(file, { throwIfNoEntry: false });
  if (target?.isDirectory()) throw unwritable('it is a directory');
  if (target !== undefined) {
    try {
      fs.accessSync(file, fs.constants.W_OK);
    } catch (cause) {
      throw unwritable('the file is not writable', cause);
    }
  }
}
