/** The engine versions zkr is pinned to (it uses their internals) and the versions installed. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Exact versions of the engines `@zkr/bn254` was written against (its package.json pins the same). */
export const PINNED_ENGINES = Object.freeze({ wasmcurves: '0.2.2', wasmbuilder: '0.0.16', ffjavascript: '0.3.1', snarkjs: '0.7.6' });

/** A pinned engine's package name. */
export type EngineName = keyof typeof PINNED_ENGINES;

/** The installed version of `name` (its package.json is found above its entry point), or `unknown`. */
export function installedVersion(name: EngineName): string {
  try {
    let dir = dirname(require.resolve(name));
    for (;;) {
      const file = join(dir, 'package.json');
      if (existsSync(file)) {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === name && pkg.version) return pkg.version;
      }
      const parent = dirname(dir);
      if (parent === dir) return 'unknown';
      dir = parent;
    }
  } catch {
    return 'unknown';
  }
}

/** `name@installed (zkr is pinned to name@pinned)` for error messages. */
export function describeEngine(name: EngineName): string {
  return `${name}@${installedVersion(name)} (zkr is pinned to ${name}@${PINNED_ENGINES[name]})`;
}
