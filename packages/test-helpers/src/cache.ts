/**
 * The fixture cache: one directory (`$ZKR_CACHE_DIR/test-fixtures`, by default the git-ignored
 * `.zkr/test-fixtures` at the repository root) where
 * compiled circuits, ptau files and keys are built once and shared by every suite. An entry is a
 * directory built in a fresh temp directory and renamed into place with a `done` marker, so two
 * jest workers racing on the same entry both end up using one complete copy.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** The repository root (circom2 only sees its cwd and the cwd's parents). */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
/** Root of the shared fixture cache (under `ZKR_CACHE_DIR` when set, so a cold run can point it at a fresh directory). */
export const FIXTURE_CACHE = join(process.env.ZKR_CACHE_DIR || join(REPO_ROOT, '.zkr'), 'test-fixtures');

/** Returns `FIXTURE_CACHE/name`, building it with `build(tmpDir)` unless a complete copy exists. */
export async function cachedDir(name: string, build: (tmp: string) => Promise<void>): Promise<string> {
  const target = join(FIXTURE_CACHE, name);
  if (existsSync(join(target, 'done'))) return target;
  await mkdir(FIXTURE_CACHE, { recursive: true });
  const tmp = await mkdtemp(join(FIXTURE_CACHE, `.tmp-${name}-`));
  try {
    await build(tmp);
    await writeFile(join(tmp, 'done'), '');
    await rename(tmp, target).catch((error: unknown) => {
      if (!existsSync(join(target, 'done'))) throw error; // another worker won the race
    });
    return target;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
