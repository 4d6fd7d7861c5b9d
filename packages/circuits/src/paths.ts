/**
 * Where the circuit sources and the compiler are, and the one rule for where zkr's caches and
 * artifacts go (the same for the CLI and every library):
 * explicit option or flag > `ZKR_CACHE_DIR` > `$XDG_CACHE_HOME/zkr` > `~/.cache/zkr`.
 * Never inside `node_modules`, so a reinstall keeps compiled circuits and keys.
 */
import { constants, existsSync } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { circuitsError } from './errors';

/** This package's root: `packages/circuits` in a checkout, `.../node_modules/@zkr/circuits` when installed. */
const PACKAGE_ROOT = resolve(__dirname, '..');

/** The template every source directory must hold (the main component includes it). */
export const BATCH_TEMPLATE = 'batch.circom';

/**
 * The repository's `circuits/` (the canonical copy) when this package sits in the monorepo's
 * `packages/`, otherwise the copy shipped inside the installed package (`<package>/circuits`).
 */
function defaultCircuitsDir(): string {
  const checkout = join(PACKAGE_ROOT, '..', '..', 'circuits');
  if (basename(dirname(PACKAGE_ROOT)) === 'packages' && existsSync(join(checkout, BATCH_TEMPLATE))) return checkout;
  return join(PACKAGE_ROOT, 'circuits');
}

/** The batch circuit's `.circom` templates compiled by default (see {@link defaultCircuitsDir}). */
export const CIRCUITS_DIR = defaultCircuitsDir();

/**
 * The root of zkr's caches and artifacts: `explicit` (an option or flag) when given, else
 * `ZKR_CACHE_DIR`, else `$XDG_CACHE_HOME/zkr` (only when absolute, as the XDG spec requires),
 * else `~/.cache/zkr`. Relative paths resolve against the working directory.
 */
export function cacheRoot(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit !== undefined && explicit !== '') return resolve(explicit);
  const fromEnv = env.ZKR_CACHE_DIR;
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv);
  const xdg = env.XDG_CACHE_HOME;
  if (xdg !== undefined && isAbsolute(xdg)) return join(xdg, 'zkr');
  return join(homedir(), '.cache', 'zkr');
}

/** The compile cache under a cache root: `<root>/circuits`. */
export function compileCacheDir(root: string = cacheRoot()): string {
  return join(root, 'circuits');
}

/** The default artifact directory of a named circuit under a cache root: `<root>/artifacts/<name>`. */
export function artifactsCacheDir(name: string, root: string = cacheRoot()): string {
  return join(root, 'artifacts', name);
}

/** Why `mkdir -p` failed, in words, from its error code. */
function mkdirFailure(code: string | undefined): string {
  if (code === 'EEXIST') return 'it exists and is not a directory';
  if (code === 'ENOTDIR') return 'a part of the path is a file, not a directory';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'it cannot be created here (permission denied or read-only)';
  return `it cannot be created (${code ?? 'unknown error'})`;
}

/**
 * Creates `dir` (and its parents) unless it exists, and checks it is a writable directory:
 * `FILE_UNWRITABLE` (naming `label`, e.g. `compile cache directory`) when it is a file, lies
 * under a file, or cannot be created or written.
 */
export async function ensureWritableDirectory(dir: string, label: string): Promise<void> {
  const unwritable = (why: string, cause: unknown) =>
    circuitsError('FILE_UNWRITABLE', `${label} ${dir}: ${why}; pass another directory (--cache-dir) or remove what is in the way`, { details: { path: dir }, cause });
  try {
    await mkdir(dir, { recursive: true });
  } catch (cause) {
    throw unwritable(mkdirFailure((cause as NodeJS.ErrnoException).code), cause);
  }
  try {
    await access(dir, constants.W_OK);
  } catch (cause) {
    throw unwritable('it is not writable', cause);
  }
}

/** The `node_modules` directory holding circomlib, passed to circom as a library path. */
export function circomlibRoot(): string {
  return dirname(dirname(require.resolve('circomlib/package.json')));
}

/** The circom2 (circom compiled to WASI) command-line entry point. */
export function circomCli(): string {
  return require.resolve('circom2/cli.js');
}
