/**
 * Where the circuit sources and the compiler are, and the one rule for where zkr's caches and
 * artifacts go (the same for the CLI and every library):
 * explicit option or flag > `ZKR_CACHE_DIR` > `$XDG_CACHE_HOME/zkr` > `~/.cache/zkr`.
 * Never inside `node_modules`, so a reinstall keeps compiled circuits and keys.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';

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

/** The `node_modules` directory holding circomlib, passed to circom as a library path. */
export function circomlibRoot(): string {
  return dirname(dirname(require.resolve('circomlib/package.json')));
}

/** The circom2 (circom compiled to WASI) command-line entry point. */
export function circomCli(): string {
  return require.resolve('circom2/cli.js');
}
