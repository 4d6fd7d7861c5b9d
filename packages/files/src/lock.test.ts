import { promises as fs } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isZkrError } from '@zkr/errors';
import { acquireLock, lockPathForDirectory, lockPathForFile, withLocks } from '@zkr/files';
import { finished, spawnTs } from '@zkr/test-helpers';

const FIXTURE = join(__dirname, 'lock.fixture.ts');
const CRASH = join(__dirname, 'crash.fixture.ts');

function freshDir(): string {
  return mkdtempSync(join(tmpdir(), 'zkr-lock-'));
}

async function lockError(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isZkrError(error)) return error;
    throw error;
  }
  throw new Error('expected a ZkrError');
}

describe('lock files', () => {
  it('a held lock fails fast with LOCKED naming its holder, and is free again after release', async () => {
    const dir = freshDir();
    const path = lockPathForFile(join(dir, 'state.json'));
    const lock = await acquireLock(path, 'batch build');
    const error = await lockError(acquireLock(path, 'another batch build'));
    expect(error.code).toBe('LOCKED');
    expect(error.message).toContain(`${join(dir, 'state.json')} is in use by batch build (pid ${process.pid}`);
    await lock.release();
    await (await acquireLock(path, 'again')).release();
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('exactly one of four processes racing for a lock gets it', async () => {
    const path = lockPathForDirectory(freshDir());
    // The holder keeps the lock until every racer has answered (its stdin ends), however slow the machine.
    const racers = Array.from({ length: 4 }, () => spawnTs(FIXTURE, [path, 'stdin']));
    const answered = racers.map((child) => new Promise<void>((resolve) => child.stdout!.once('data', () => resolve())));
    const outcomes = racers.map((child) => finished(child));
    await Promise.all(answered);
    for (const child of racers) child.stdin!.end();
    expect((await Promise.all(outcomes)).map((o) => o.stdout.trim()).sort()).toEqual(['LOCKED', 'LOCKED', 'LOCKED', 'held']);
  });

  it('with waitMs, waits for a live holder to release and then takes the lock', async () => {
    const path = lockPathForDirectory(freshDir());
    const holder = spawnTs(FIXTURE, [path, '1500']);
    const held = new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
    const done = finished(holder);
    await held;
    const waits: unknown[] = [];
    const lock = await acquireLock(path, 'waiter', { waitMs: 60_000, onWait: (h) => waits.push(h?.purpose) });
    expect(waits).toEqual(['lock fixture']);
    expect((await done).stdout).toBe('held\n');
    await lock.release();
    expect((await lockError(acquireLock(lockPathForDirectory(freshDir()), 'x', { waitMs: 0 }).then(async (l) => {
      await acquireLock(l.path, 'y', { waitMs: 300 }).finally(() => l.release());
    }))).code).toBe('LOCKED');
  });

  it('breaks the lock of a process killed while holding it', async () => {
    const dir = freshDir();
    const path = lockPathForDirectory(dir);
    const killed = await finished(spawnTs(FIXTURE, [path, '0', 'die']));
    expect(killed.signal).toBe('SIGKILL');
    await expect(fs.stat(path)).resolves.toBeDefined();
    await (await acquireLock(path, 'after the crash')).release();
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('never breaks a lock held on another host: it says to delete it if that process is gone', async () => {
    const dir = freshDir();
    const path = lockPathForDirectory(dir);
    const holder = { pid: 1, host: `${hostname()}-elsewhere`, purpose: 'setup', since: new Date(0).toISOString(), nonce: 'ab' };
    await fs.writeFile(path, JSON.stringify(holder));
    const error = await lockError(acquireLock(path, 'setup'));
    expect(error.code).toBe('LOCKED');
    expect(error.message).toContain(`if that process is gone, delete ${path}`);
  });

  it('taking a lock settles the commit a killed holder left in its directory', async () => {
    const [a, b] = [freshDir(), freshDir()];
    await fs.writeFile(join(a, 'state.json'), 'old-state');
    const crashed = await finished(spawnTs(CRASH, [a, b, 'lock'], { killBeforeRename: 4 }));
    expect(crashed.signal).toBe('SIGKILL');
    await withLocks([lockPathForFile(join(a, 'state.json'))], 'batch build', async () => {
      expect(await fs.readFile(join(a, 'state.json'), 'utf8')).toBe('new-state');
      expect((await fs.readdir(b)).sort()).toEqual(['batch.json', 'remaining.json']);
    });
    expect(await fs.readdir(a)).toEqual(['state.json']);
  });
});
