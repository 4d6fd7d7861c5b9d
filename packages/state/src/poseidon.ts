/**
 * circomlib's Poseidon over BN254 (docs/protocol.md §2) behind one synchronous interface.
 *
 * Two interchangeable implementations: circomlibjs's wasm build (the default: 3-4x faster
 * per Poseidon(2) on this project's reference machine, see `bench/src/builder.ts`) and
 * poseidon-lite (pure BigInt, no async initialisation cost). Both compute the same function.
 * Each is loaded on first use (together about 0.4 s of module loading), so a program that imports
 * `@zkr/state` only to read files, `zkr prove` say, does not pay for them.
 */
import type { CircomPoseidon } from 'circomlibjs';
import { stateError } from './errors';
import { assertFieldElement } from './field';

/** Which Poseidon implementation backs a {@link Poseidon} hasher. */
export type PoseidonImplementation = 'wasm' | 'lite';

/** A synchronous Poseidon hasher over 1..16 field elements. */
export interface Poseidon {
  /** The implementation behind this hasher. */
  readonly implementation: PoseidonImplementation;
  /** `Poseidon(inputs)`; every input must be a field element, 1 <= inputs.length <= 16. */
  hash(inputs: readonly bigint[]): bigint;
}

type LiteFunction = (inputs: bigint[]) => bigint;

/** poseidon-lite's functions by input count (index 0: one input), loaded on first use. */
async function loadLite(): Promise<readonly LiteFunction[]> {
  const lite = await import('poseidon-lite');
  return [
    lite.poseidon1, lite.poseidon2, lite.poseidon3, lite.poseidon4, lite.poseidon5, lite.poseidon6,
    lite.poseidon7, lite.poseidon8, lite.poseidon9, lite.poseidon10, lite.poseidon11, lite.poseidon12,
    lite.poseidon13, lite.poseidon14, lite.poseidon15, lite.poseidon16,
  ];
}

function checkInputs(inputs: readonly bigint[]): void {
  if (inputs.length < 1 || inputs.length > 16) {
    throw stateError('INVALID_ARGUMENT', `Poseidon takes 1 to 16 inputs, got ${inputs.length}`, {
      details: { field: 'inputs', value: inputs.length },
    });
  }
  inputs.forEach((x, i) => assertFieldElement(x, `inputs[${i}]`));
}

let wasmPoseidon: Promise<CircomPoseidon> | undefined;

/** circomlibjs's wasm Poseidon, loaded and built once per process (~0.5 s; it is stateless, so every suite shares it). */
function loadWasmPoseidon(): Promise<CircomPoseidon> {
  wasmPoseidon ??= import('circomlibjs').then(({ buildPoseidon }) => buildPoseidon()).catch((error: unknown) => {
    wasmPoseidon = undefined;
    throw error;
  });
  return wasmPoseidon;
}

/** Creates a Poseidon hasher; `'wasm'` (circomlibjs, default) or `'lite'` (poseidon-lite). */
export async function createPoseidon(implementation: PoseidonImplementation = 'wasm'): Promise<Poseidon> {
  if (implementation === 'lite') {
    const LITE = await loadLite();
    return {
      implementation,
      hash(inputs) {
        checkInputs(inputs);
        return LITE[inputs.length - 1]([...inputs]);
      },
    };
  }
  if (implementation !== 'wasm') {
    throw stateError('INVALID_ARGUMENT', `implementation must be 'wasm' or 'lite', got ${String(implementation)}`, {
      details: { field: 'implementation', value: implementation },
    });
  }
  const wasm = await loadWasmPoseidon();
  return {
    implementation,
    hash(inputs) {
      checkInputs(inputs);
      return wasm.F.toObject(wasm(inputs));
    },
  };
}
