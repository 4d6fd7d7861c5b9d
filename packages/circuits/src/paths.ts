/** Where the circuit sources, the compiler and the default build cache live. */
import { dirname, join, resolve } from 'node:path';

/** The repository root (this file is `packages/circuits/{src,dist}/paths.*`). */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** The `.circom` templates (`circuits/` at the repository root). */
export const CIRCUITS_DIR = join(REPO_ROOT, 'circuits');

/** Default compile cache: `.zkr/circuits` at the repository root (git-ignored). */
export const DEFAULT_CACHE_DIR = join(REPO_ROOT, '.zkr', 'circuits');

/** The `node_modules` directory holding circomlib, passed to circom as a library path. */
export function circomlibRoot(): string {
  return dirname(dirname(require.resolve('circomlib/package.json')));
}

/** The circom2 (circom compiled to WASI) command-line entry point. */
export function circomCli(): string {
  return require.resolve('circom2/cli.js');
}
