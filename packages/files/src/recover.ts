/** Cleaning up after a killed zkr process: settle its commits, remove its temps. */
import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { processAlive } from './owner';
import { readRecord, recordOwner, settleRecord } from './journal';
import { breakIfStale, isLockName, readHolder } from './stale-lock';
import { tempOwner } from './temp';

/** What {@link recoverDirectory} did. */
export interface Recovery {
  /** Targets whose interrupted commit it completed. */
  readonly completed: readonly string[];
  /** Temps (files or directories) and lock files of dead processes it removed. */
  readonly removed: readonly string[];
}

/**
 * Settles every commit record a dead process left in `dir` (see `journal.ts`), then removes the
 * temps and breaks the locks dead processes of this host left there. Entries of live processes (this one included) are left alone.
 * A missing `dir` is not an error. Safe to run concurrently with live writers.
 */
export async function recoverDirectory(dir: string): Promise<Recovery> {
  const absolute = resolve(dir);
  const names = await fs.readdir(absolute).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [] as string[];
    throw error;
  });
  const dead = (pid: number | undefined): pid is number => pid !== undefined && pid !== process.pid && !processAlive(pid);
  const completed: string[] = [];
  for (const name of names) {
    if (!dead(recordOwner(name))) continue;
    const record = await readRecord(join(absolute, name));
    if (record === undefined) await fs.rm(join(absolute, name), { force: true });
    else completed.push(...(await settleRecord(record)));
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!dead(tempOwner(name))) continue;
    const path = join(absolute, name);
    if ((await fs.lstat(path).catch(() => undefined)) === undefined) continue;
    await fs.rm(path, { recursive: true, force: true });
    removed.push(path);
  }
  for (const name of names.filter(isLockName)) {
    const path = join(absolute, name);
    const holder = await readHolder(path);
    if (holder !== undefined && holder.pid !== process.pid && (await breakIfStale(path, holder))) removed.push(path);
  }
  return { completed, removed };
}
