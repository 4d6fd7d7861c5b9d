/**
 * Finds and loads the native addon that `scripts/build.js` builds on install
 * (`build/Release/zkr_native.node`, beside `src/` and `dist/`). `ZKR_NATIVE=0` disables it, read
 * on every call so a process can switch to the wasm engine at any time.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { nativeError } from './errors';

/** A resident copy of bases in native memory (an opaque N-API external). */
export type BasesHandle = { readonly __brand: 'zkr-native-bases' };

/** A proving key's QAP coefficients in native memory (an opaque N-API external). */
export type CoefficientsHandle = { readonly __brand: 'zkr-native-coefficients' };

/** The functions the addon exports (arguments checked by the callers in this package; see csrc/addon.cc). */
export interface NativeAddon {
  msm(group: 1 | 2, bases: Uint8Array, scalars: Uint8Array, threads: number): Uint8Array;
  loadBases(group: 1 | 2, bases: Uint8Array, threads: number): BasesHandle;
  msmResident(handle: BasesHandle, scalars: Uint8Array, threads: number): Promise<Uint8Array>;
  releaseBases(handle: BasesHandle): void;
  groth16H(a: Uint8Array, b: Uint8Array, c: Uint8Array, power: number, root: Uint8Array, shift: Uint8Array, threads: number): Promise<Uint8Array>;
  loadCoefficients(section: Uint8Array, power: number, nVars: number): CoefficientsHandle;
  releaseCoefficients(handle: CoefficientsHandle): void;
  groth16HWitness(handle: CoefficientsHandle, witness: Uint8Array, root: Uint8Array, shift: Uint8Array, threads: number): Promise<Uint8Array>;
  eddsaVerifyBatch(records: Uint8Array): Uint8Array;
}

const ADDON_FUNCTIONS = ['msm', 'loadBases', 'msmResident', 'releaseBases', 'groth16H', 'loadCoefficients', 'releaseCoefficients', 'groth16HWitness', 'eddsaVerifyBatch'] as const;

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
    const missing = ADDON_FUNCTIONS.find((name) => typeof addon[name] !== 'function');
    if (missing !== undefined) return { reason: `${ADDON_PATH} has no ${missing} (built from older sources); rebuild it with \`npm rebuild @zkr/native\`` };
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
