/**
 * Lock holder records and breaking stale locks, shared by taking a lock (`lock.ts`) and by
 * recovery (`recover.ts`), which removes the locks of processes killed while holding them.
 */
import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { processAlive, thisHost } from './owner';
import { tempPathFor } from './temp';

/** Who holds a lock. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly purpose: string;
  readonly since: string;
  readonly nonce: string;
}

const HOLDER = z.object({ pid: z.number().int(), host: z.string(), purpose: z.string(), since: z.string(), nonce: z.string() });

/** Base names of zkr lock files: `<file>.lock` beside a file, `.zkr.lock` inside a directory. */
export function isLockName(name: string): boolean {
  return name.endsWith('.lock');
}

/** The holder recorded in lock file `path`, or `undefined` if it is gone or not a zkr lock. */
export async function readHolder(path: string): Promise<LockHolder | undefined> {
  try {
    const parsed = HOLDER.safeParse(JSON.parse(await fs.readFile(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Breaks lock `path` if `seen` is its holder and a dead process on this host: moves it aside,
 * checks it is that stale lock (else puts it back), removes it. True if broken.
 */
export async function breakIfStale(path: string, seen: LockHolder): Promise<boolean> {
  if (seen.host !== thisHost() || processAlive(seen.pid)) return false;
  const aside = tempPathFor(path);
  try {
    await fs.rename(path, aside);
  } catch {
    return true; // someone else broke or released it first: retry
  }
  const moved = await readHolder(aside);
  if (moved?.nonce !== seen.nonce) {
    // We moved a lock taken after the stale one was broken: put it back (it still is its holder's).
    await fs.link(aside, path).catch(() => undefined);
  }
  await fs.rm(aside, { force: true });
  return moved?.nonce === seen.nonce;
}

