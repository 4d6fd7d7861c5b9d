/** Checking output paths before any work, so a command never fails after doing half of it. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { filesError } from './errors';

/**
 * Throws `FILE_UNWRITABLE` unless `file` can be written: its directory exists, is a directory and
 * is writable, and `file` is not a directory (nor an existing read-only file). `label` names the
 * path in the message (a flag such as `--out`, or a role such as `state file`).
 */
export function assertWritable(file: string, label: string): void {
  const parent = path.dirname(path.resolve(file));
  const unwritable = (why: string, cause?: unknown) =>
    filesError('FILE_UNWRITABLE', `${label} ${file}: ${why}; pass a writable file path`, { details: { field: label, path: file }, cause });
  const parentStat = fs.statSync(parent, { throwIfNoEntry: false });
  if (parentStat === undefined) throw unwritable(`the directory ${parent} does not exist (create it first)`);
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
