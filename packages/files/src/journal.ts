/**
 * Commit records of multi-file commits. Before the first rename, a {@link FileCommit} writes the
 * same record into every directory it touches; the commit has happened once every copy exists.
 * A later run finds the copies of a killed writer and settles the commit: forward (finish the
 * renames) when every copy exists, back (drop the temps) when one is missing, because renames start
 * only after the last copy landed.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { tempPathFor } from './temp';

const JOURNAL_NAME = /^\.zkr-commit-(\d+)-[0-9a-f]{8}\.json$/;

/** What a commit record holds: its copies, and the renames in order. */
export interface CommitRecord {
  readonly version: 1;
  readonly pid: number;
  readonly copies: readonly string[];
  readonly renames: readonly (readonly [temp: string, target: string])[];
}

const RECORD = z.object({
  version: z.literal(1),
  pid: z.number().int().positive(),
  copies: z.array(z.string()).min(1),
  renames: z.array(z.tuple([z.string(), z.string()])).min(1),
});

/** The copy paths of a new commit record touching `dirs` (absolute, distinct). */
export function newRecordPaths(dirs: readonly string[]): string[] {
  const name = `.zkr-commit-${process.pid}-${randomBytes(4).toString('hex')}.json`;
  return dirs.map((dir) => join(dir, name));
}

/** The pid that wrote commit record `name` (a base name), or `undefined` if it is not one. */
export function recordOwner(name: string): number | undefined {
  const match = JOURNAL_NAME.exec(name);
  return match === null ? undefined : Number(match[1]);
}

/** Writes `record` into each of its copies, each atomically and durably, in order. */
export async function writeRecord(record: CommitRecord): Promise<void> {
  const text = `${JSON.stringify(record, null, 1)}\n`;
  for (const copy of record.copies) {
    const temp = tempPathFor(copy);
    await writeDurably(temp, text);
    await fs.rename(temp, copy);
    await syncDirectory(dirname(copy));
  }
}

/** Removes every copy of `record` (missing ones are fine). */
export async function removeRecord(record: CommitRecord): Promise<void> {
  for (const copy of record.copies) await fs.rm(copy, { force: true });
}

/** Reads a commit record copy; `undefined` if it is gone or not a valid record (then it is removed: it can only be a foreign file). */
export async function readRecord(path: string): Promise<CommitRecord | undefined> {
  let value: unknown;
  try {
    value = JSON.parse(await fs.readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    value = undefined;
  }
  const parsed = RECORD.safeParse(value);
  if (!parsed.success || !parsed.data.copies.some((copy) => basename(copy) === basename(path))) return undefined;
  return parsed.data as CommitRecord;
}

/**
 * Settles the commit of a dead writer: forward if every copy exists (renames the temps still
 * there), else back (removes the temps). Returns the targets it completed.
 */
export async function settleRecord(record: CommitRecord): Promise<string[]> {
  const present = await Promise.all(record.copies.map((copy) => exists(copy)));
  const completed: string[] = [];
  if (present.every(Boolean)) {
    for (const [temp, target] of record.renames) {
      if (await exists(temp)) {
        await fs.rename(temp, target);
        completed.push(target);
      }
    }
    for (const dir of new Set(record.renames.map(([, target]) => dirname(target)))) await syncDirectory(dir);
  } else {
    for (const [temp] of record.renames) await fs.rm(temp, { recursive: true, force: true });
  }
  await removeRecord(record);
  return completed;
}

/** Writes `data` to a new file `path` and flushes it to disk. */
export async function writeDurably(path: string, data: string | Uint8Array): Promise<void> {
  const handle = await fs.open(path, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes a directory's entries (a rename is durable only once its directory is). */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some filesystems refuse fsync on a directory; the rename itself has still happened.
    if (!['EINVAL', 'EISDIR', 'EPERM'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle.close();
  }
}

async function exists(path: string): Promise<boolean> {
  return (await fs.lstat(path).catch(() => undefined)) !== undefined;
}
