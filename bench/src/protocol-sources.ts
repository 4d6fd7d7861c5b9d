/**
 * The batch circuit sources of both protocol versions for the v1-vs-v2 bench: version 1 is the
 * `circuits/` of git commit {@link V1_COMMIT}, extracted with `git show` (never a checkout) into a
 * cache directory; version 2 is the working tree's `circuits/` with `@zkr/circuits`' generated main.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { CIRCUITS_DIR, mainComponentSource, type CircuitInstance } from '@zkr/circuits';
import { tempPathFor } from '@zkr/files';
import { benchError } from './errors';

const run = promisify(execFile);

/** The last commit whose circuits implement protocol version 1. */
export const V1_COMMIT = 'd6f58db';

/** The repository root (bench/src/.. /..). */
export const REPO_ROOT = resolve(__dirname, '..', '..');

/** A protocol version's templates and its main component. */
export interface ProtocolSources {
  readonly version: 1 | 2;
  /** Directory of the version's `.circom` templates. */
  readonly dir: string;
  /** The main component source of an instance. */
  readonly main: (instance: CircuitInstance) => string;
}

/** The v1 main: the single public input `publicInput` (v1 protocol §7). */
export function v1MainSource(instance: CircuitInstance): string {
  return `pragma circom 2.1.0;\n\ninclude "batch.circom";\n\ncomponent main {public [publicInput]} = Batch(${instance.depth}, ${instance.batchSize});\n`;
}

/**
 * Writes the `circuits/*.circom` of {@link V1_COMMIT} into `<cacheDir>/circuits-v1-<commit>` (once;
 * a complete directory is renamed into place) and returns the v1 sources.
 */
export async function v1Sources(cacheDir: string): Promise<ProtocolSources> {
  const dir = join(resolve(cacheDir), `circuits-v1-${V1_COMMIT}`);
  const existing = await readdir(dir).catch(() => [] as string[]);
  if (!existing.includes('batch.circom')) {
    await mkdir(resolve(cacheDir), { recursive: true });
    const tmp = tempPathFor(dir);
    await mkdir(tmp);
    try {
      const git = async (...args: string[]): Promise<string> => {
        try {
          return (await run('git', args, { cwd: REPO_ROOT, maxBuffer: 16 << 20 })).stdout;
        } catch (cause) {
          throw benchError('BENCH_INVALID', `git ${args.join(' ')} failed in ${REPO_ROOT}; the v1 circuits need the repository history (commit ${V1_COMMIT})`, { cause });
        }
      };
      const files = (await git('ls-tree', '--name-only', V1_COMMIT, 'circuits/')).split('\n').filter((f) => f.endsWith('.circom'));
      for (const file of files) await writeFile(join(tmp, file.slice('circuits/'.length)), await git('show', `${V1_COMMIT}:${file}`));
      await rename(tmp, dir).catch(async (error: unknown) => {
        // Another run extracted them first: use its copy.
        if (!(await readdir(dir).catch(() => [] as string[])).includes('batch.circom')) throw error;
      });
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }
  return { version: 1, dir, main: v1MainSource };
}

/** The working tree's (version 2) templates and main. */
export function v2Sources(): ProtocolSources {
  return { version: 2, dir: CIRCUITS_DIR, main: mainComponentSource };
}
