/** File helpers: streaming SHA-256 and atomic writes (temp file in the same directory + rename). */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, rename, rm, writeFile } from 'node:fs/promises';

/** Hex SHA-256 of a file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A fresh temp path next to `path` (same filesystem, so rename is atomic). */
export function tempPath(path: string): string {
  return `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Runs `produce(tmp)` and renames tmp onto `path`; tmp is removed if anything fails. */
export async function atomically(path: string, produce: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = tempPath(path);
  try {
    await produce(tmp);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** Writes `data` to `path` atomically. */
export function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  return atomically(path, (tmp) => writeFile(tmp, data));
}

/** Copies `from` to `to` atomically. */
export function copyFileAtomic(from: string, to: string): Promise<void> {
  return atomically(to, (tmp) => copyFile(from, tmp));
}
