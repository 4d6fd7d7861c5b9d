/**
 * Test fixture (a child process): tries to take `<lockPath>`, prints `held` or the error code, holds
 * it for `<holdMs>` ms (or, with `<holdMs>` = `stdin`, until its stdin ends), then exits; with `die`,
 * SIGKILLs itself while holding it.
 * Usage: `lock.fixture.ts <lockPath> <holdMs|stdin> [die]`.
 */
import { acquireLock } from '@zkr/files';
import { isZkrError } from '@zkr/errors';

async function main(): Promise<void> {
  const [lockPath, holdMs, die] = process.argv.slice(2) as [string, string, string | undefined];
  try {
    const lock = await acquireLock(lockPath, 'lock fixture');
    process.stdout.write('held\n');
    await new Promise((resolve) => {
      if (holdMs === 'stdin') process.stdin.once('end', resolve).resume();
      else setTimeout(resolve, Number(holdMs));
    });
    if (die === 'die') process.kill(process.pid, 'SIGKILL');
    await lock.release();
  } catch (error) {
    process.stdout.write(`${isZkrError(error) ? error.code : 'OTHER'}\n`);
  }
}

void main();
