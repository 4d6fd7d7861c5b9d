/**
 * Exclusive lock files. A lock is a small JSON file (`<target>.lock`, or `.zkr.lock` inside a
 * directory) naming its holder: pid, host, purpose, start time and a random nonce. It is created
 * complete and atomically (written to a temp, then hard-linked into place, which fails if a lock
 * exists), so no two processes hold it. Taking a lock never waits: a held lock is a `LOCKED` error
 * naming the holder. A lock whose holder is a dead process on this host is stale and is broken
 * (moved aside, checked to be the stale one, removed); a holder on another host is never guessed dead.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isZkrError } from '@zkr/errors';
import { filesError } from './errors';
import { thisHost } from './owner';
import { breakIfStale, readHolder, type LockHolder } from './stale-lock';
import { recoverDirectory } from './recover';
import { tempPathFor } from './temp';

/** The lock file that guards file `target`: `<target>.lock`. */
export function lockPathForFile(target: string): string {
  return `${resolve(target)}.lock`;
}

/** The lock file that guards directory `dir`: `<dir>/.zkr.lock`. */
export function lockPathForDirectory(dir: string): string {
  return join(resolve(dir), '.zkr.lock');
}

/** A held lock; {@link FileLock.release} frees it. */
export class FileLock {
  private released = false;

  /** @internal Use {@link acquireLock}. */
  constructor(
    /** The lock file's path. */
    readonly path: string,
    /** This process's holder record. */
    readonly holder: LockHolder,
  ) {}

  /** Removes the lock file if it is still this lock's (idempotent). */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    const current = await readHolder(this.path);
    if (current?.nonce === this.holder.nonce) await fs.rm(this.path, { force: true });
  }
}

/** How long to wait for a held lock; the default is not at all (fail fast with `LOCKED`). */
export interface LockWait {
  /** Keep retrying for up to this many milliseconds while a live process holds the lock (default 0). */
  readonly waitMs?: number;
  /** Called once, when the lock is first found held and waiting starts. */
  readonly onWait?: (holder: LockHolder | undefined) => void;
}

/** Milliseconds between two attempts while waiting for a lock. */
const RETRY_MS = 200;

/**
 * Takes the lock at `lockPath` for `purpose` (shown to whoever finds it held): `LOCKED` if a live
 * process holds it, at once or after `wait.waitMs`. After taking it, settles what dead processes
 * left in the lock's directory (`recoverDirectory`), so the holder reads settled files.
 */
export async function acquireLock(lockPath: string, purpose: string, wait: LockWait = {}): Promise<FileLock> {
  const deadline = Date.now() + (wait.waitMs ?? 0);
  let notified = false;
  for (;;) {
    try {
      return await tryLock(lockPath, purpose);
    } catch (error) {
      if (!isZkrError(error, 'LOCKED') || Date.now() >= deadline) throw error;
      if (!notified) wait.onWait?.(error.details.holder as LockHolder | undefined);
      notified = true;
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
}

async function tryLock(lockPath: string, purpose: string): Promise<FileLock> {
  const path = resolve(lockPath);
  const holder: LockHolder = { pid: process.pid, host: thisHost(), purpose, since: new Date().toISOString(), nonce: randomBytes(8).toString('hex') };
  const temp = tempPathFor(path);
  try {
    await fs.writeFile(temp, `${JSON.stringify(holder)}\n`, { flag: 'wx' });
  } catch (cause) {
    throw filesError('FILE_UNWRITABLE', `cannot create the lock ${path} (${(cause as Error).message}); check that its directory exists and is writable`, { details: { path }, cause });
  }
  try {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        await fs.link(temp, path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw filesError('FILE_UNWRITABLE', `cannot create the lock ${path} (${(error as Error).message})`, { details: { path }, cause: error });
        }
        const existing = await readHolder(path);
        if (existing === undefined) continue; // released meanwhile, or foreign: retried, then LOCKED
        if (!(await breakIfStale(path, existing))) throw locked(path, existing);
        continue;
      }
      await recoverDirectory(dirname(path));
      return new FileLock(path, holder);
    }
    throw locked(path, await readHolder(path));
  } finally {
    await fs.rm(temp, { force: true });
  }
}

/** Runs `fn` holding every lock in `lockPaths` (taken in sorted order, released in reverse, also on failure). */
export async function withLocks<T>(lockPaths: readonly string[], purpose: string, fn: () => Promise<T>, wait: LockWait = {}): Promise<T> {
  const held: FileLock[] = [];
  try {
    for (const path of [...new Set(lockPaths.map((p) => resolve(p)))].sort()) held.push(await acquireLock(path, purpose, wait));
    return await fn();
  } finally {
    for (const lock of held.reverse()) await lock.release();
  }
}

function locked(path: string, holder: LockHolder | undefined) {
  const who = holder === undefined ? 'an unreadable lock file' : `${holder.purpose} (pid ${holder.pid} on ${holder.host}, since ${holder.since})`;
  const remedy =
    holder !== undefined && holder.host !== thisHost()
      ? `if that process is gone, delete ${path}`
      : holder === undefined
        ? `if no zkr process is running, delete ${path}`
        : 'wait for it to finish and retry';
  const target = path.endsWith('/.zkr.lock') ? dirname(path) : path.slice(0, -'.lock'.length);
  return filesError('LOCKED', `${target} is in use by ${who}; ${remedy}`, { details: { path, holder } });
}
