/**
 * Writes that land all together or not at all. A {@link FileCommit} stages every file under a temp
 * name beside its target, flushed to disk; `commit()` then renames them onto their targets. With
 * more than one file, a commit record (`journal.ts`) is written into each directory first, so a
 * process killed between two renames leaves something the next zkr run completes: readers see
 * all old files or all new ones, never a mix, once that run has passed.
 */
import { promises as fs } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { filesError } from './errors';
import { newRecordPaths, removeRecord, syncDirectory, writeDurably, writeRecord, type CommitRecord } from './journal';
import { recoverDirectory } from './recover';
import { tempPathFor } from './temp';
import { assertWritable } from './writable';

/** Bytes or UTF-8 text to write. */
export type FileData = string | Uint8Array;

interface Staged {
  readonly target: string;
  readonly temp: string;
}

/** A set of staged writes: {@link FileCommit.commit} lands them together, {@link FileCommit.abort} drops them. */
export class FileCommit {
  private readonly staged: Staged[] = [];
  private readonly recovered = new Set<string>();
  private done = false;

  /** Stages `data` for `target` (`label` names it in errors, e.g. `--out`). */
  async write(target: string, data: FileData, label = 'file'): Promise<void> {
    await this.produce(target, (temp) => writeDurably(temp, data), label);
  }

  /** Stages a copy of the file `from` for `target`. */
  async copy(from: string, target: string, label = 'file'): Promise<void> {
    await this.produce(target, async (temp) => {
      await fs.copyFile(from, temp);
      await flush(temp);
    }, label);
  }

  /**
   * Stages whatever `produce(temp)` creates at `temp` (a file or a directory) for `target`. A file
   * is flushed to disk; a producer making a directory flushes its own files. If `produce` throws,
   * its temp is removed and the error passes through (the other staged writes stay staged).
   */
  async produce(target: string, produce: (temp: string) => Promise<void>, label = 'file'): Promise<void> {
    if (this.done) throw filesError('INVALID_ARGUMENT', 'this FileCommit was already committed or aborted; start a new one');
    const absolute = resolve(target);
    if (this.staged.some((s) => s.target === absolute)) throw filesError('INVALID_ARGUMENT', `${target} is staged twice in one commit`, { details: { path: target } });
    assertWritable(target, label);
    await this.recover(dirname(absolute));
    const temp = tempPathFor(absolute);
    try {
      await produce(temp);
      const stat = await fs.lstat(temp);
      if (stat.isFile()) await flush(temp);
    } catch (error) {
      await fs.rm(temp, { recursive: true, force: true });
      throw wrap(error, target, label);
    }
    this.staged.push({ target: absolute, temp });
  }

  /** Where the staged content of `target` is until the commit, or `undefined` if `target` is not staged. */
  stagedPath(target: string): string | undefined {
    const absolute = resolve(target);
    return this.staged.find((s) => s.target === absolute)?.temp;
  }

  /** The targets staged so far, absolute, in order. */
  get targets(): readonly string[] {
    return this.staged.map((s) => s.target);
  }

  /**
   * Renames every staged temp onto its target, in staging order. Nothing is visible before the
   * commit point (the last commit record written); a failure before it removes every temp.
   */
  async commit(): Promise<void> {
    if (this.done) throw filesError('INVALID_ARGUMENT', 'this FileCommit was already committed or aborted; start a new one');
    this.done = true;
    const dirs = [...new Set(this.staged.map((s) => dirname(s.target)))];
    let record: CommitRecord | undefined;
    if (this.staged.length > 1) {
      record = { version: 1, pid: process.pid, copies: newRecordPaths(dirs), renames: this.staged.map((s) => [s.temp, s.target] as const) };
      try {
        await writeRecord(record);
      } catch (error) {
        await removeRecord(record);
        await this.removeTemps();
        throw wrap(error, this.staged[0]!.target, 'file');
      }
    }
    for (const { temp, target } of this.staged) {
      try {
        await fs.rename(temp, target);
      } catch (error) {
        // Past the commit point: the record stays, and the next zkr run in that directory finishes the commit.
        throw filesError('FILE_UNWRITABLE', `cannot move the new ${target} into place (${(error as Error).message}); the next zkr command writing there completes the commit`, {
          details: { path: target },
          cause: error,
        });
      }
    }
    for (const dir of dirs) await syncDirectory(dir);
    if (record !== undefined) await removeRecord(record);
  }

  /** Drops every staged write (idempotent): the targets keep their old content. */
  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await this.removeTemps();
  }

  private async removeTemps(): Promise<void> {
    await Promise.all(this.staged.map((s) => fs.rm(s.temp, { recursive: true, force: true })));
  }

  private async recover(dir: string): Promise<void> {
    if (this.recovered.has(dir)) return;
    this.recovered.add(dir);
    await recoverDirectory(dir);
  }
}

/** Writes `data` to `target` atomically (temp beside it, flushed, renamed): all old or all new. */
export async function writeFileAtomic(target: string, data: FileData, label = 'file'): Promise<void> {
  await commitFiles([{ path: target, data }], label);
}

/** Writes several files all-or-nothing; see {@link FileCommit}. Put first the file later commands lock. */
export async function commitFiles(writes: readonly { readonly path: string; readonly data: FileData; readonly label?: string }[], label = 'file'): Promise<void> {
  const commit = new FileCommit();
  try {
    for (const write of writes) await commit.write(write.path, write.data, write.label ?? label);
    await commit.commit();
  } finally {
    await commit.abort();
  }
}

/**
 * Produces `target` through `produce(temp)` and renames it into place: all old or all new. For a
 * directory target, `target` must not exist yet (a directory cannot replace another by rename).
 */
export async function produceAtomically(target: string, produce: (temp: string) => Promise<void>, label = 'file'): Promise<void> {
  const commit = new FileCommit();
  try {
    await commit.produce(target, produce, label);
    await commit.commit();
  } finally {
    await commit.abort();
  }
}

async function flush(path: string): Promise<void> {
  const handle = await fs.open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function wrap(error: unknown, target: string, label: string): unknown {
  if (error instanceof Error && 'code' in error && typeof (error as NodeJS.ErrnoException).syscall === 'string') {
    return filesError('FILE_UNWRITABLE', `cannot write ${label} ${target}: ${error.message}; check the disk space and permissions`, { details: { path: target, field: label }, cause: error });
  }
  return error;
}
