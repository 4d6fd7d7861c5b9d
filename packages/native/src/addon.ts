/**
 * Finds and loads the native addon that `scripts/build.js` builds on install
 * (`build/Release/zkr_native.node`, beside `src/` and `dist/`). `ZKR_NATIVE=0` disables it, read
 * on every call so a process can switch to the wasm engine at any time.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { nativeError } from './errors';

/** The functions the addon exports (arguments checked by the callers in this package). */
export interface NativeAddon {
  msmG1(bases: Uint8Array, scalars: Uint8Array, threads: number): Uint8Array;
}

/** Whether the native engine can be used, and why not when it cannot. */
export type NativeStatus = { readonly available: true } | { readonly available: false; readonly reason: string };

/** Where the install step puts the addon. */
export const ADDON_PATH = join(__dirname, '..', 'build', 'Release', 'zkr_native.node');

let loaded: { addon: NativeAddon } | { reason: string } | undefined;

function load(): { addon: NativeAddon } | { reason: string } {
  if (!existsSync(ADDON_PATH)) return { reason: `the addon was not built (no ${ADDON_PATH}); run \`npm rebuild @zkr/native\` with a C++17 compiler and Python installed` };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const addon = require(ADDON_PATH) as Partial<NativeAddon>;
    if (typeof addon.msmG1 !== 'function') return { reason: `${ADDON_PATH} has no msmG1; rebuild it with \`npm rebuild @zkr/native\`` };
    return { addon: addon as NativeAddon };
  } catch (error) {
    return { reason: `${ADDON_PATH} does not load (${(error as Error).message}); rebuild it with \`npm rebuild @zkr/native\`` };
  }
}

/** Whether the native engine can be used here; when not, `reason` says why and what to do. */
export function nativeStatus(): NativeStatus {
  if (process.env.ZKR_NATIVE === '0') return { available: false, reason: 'the native engine is disabled by ZKR_NATIVE=0' };
  loaded ??= load();
  return 'addon' in loaded ? { available: true } : { available: false, reason: loaded.reason };
}

/** True when the native engine can be used ({@link nativeStatus} says why not). */
export function nativeAvailable(): boolean {
  return nativeStatus().available;
}

/** The loaded addon; `NATIVE_UNAVAILABLE` (with the reason) when it cannot be used. */
export function nativeAddon(): NativeAddon {
  const status = nativeStatus();
  if (!status.available) throw nativeError('NATIVE_UNAVAILABLE', `${status.reason}; zkr's wasm engine works everywhere (--engine zkr)`, { details: { reason: status.reason } });
  return (loaded as { addon: NativeAddon }).addon;
}
