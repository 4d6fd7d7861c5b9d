/**
 * Test fixture (a child process, run by `spawnTs` with `killBeforeRename` to crash it midway):
 * commits `new-*` contents over three files in two directories.
 * Usage: `crash.fixture.ts <dirA> <dirB> [lock]` — with `lock`, holds `<dirA>/state.json.lock` first.
 */
import { join } from 'node:path';
import { acquireLock, commitFiles, lockPathForFile } from '@zkr/files';

async function main(): Promise<void> {
  const [dirA, dirB, lock] = process.argv.slice(2) as [string, string, string | undefined];
  if (lock === 'lock') await acquireLock(lockPathForFile(join(dirA, 'state.json')), 'crash fixture');
  await commitFiles([
    { path: join(dirA, 'state.json'), data: 'new-state' },
    { path: join(dirB, 'batch.json'), data: 'new-batch' },
    { path: join(dirB, 'remaining.json'), data: 'new-remaining' },
  ]);
}

void main();
