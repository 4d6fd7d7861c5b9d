/** The cryptographic primitives a rollup state needs, created once and passed explicitly. */
import { createEddsa, type Eddsa } from './eddsa';
import { createPoseidon, type Poseidon, type PoseidonImplementation } from './poseidon';

/** Poseidon hasher plus EdDSA-Poseidon signer/verifier. */
export interface CryptoSuite {
  readonly poseidon: Poseidon;
  readonly eddsa: Eddsa;
}

/** Options of {@link createCryptoSuite}. */
export interface CryptoSuiteOptions {
  /** Poseidon implementation for tree and message hashing; default `'wasm'`. */
  readonly poseidon?: PoseidonImplementation;
}

/** Loads the primitives (async once: the wasm Poseidon); everything using the suite afterwards is synchronous. */
export async function createCryptoSuite(options: CryptoSuiteOptions = {}): Promise<CryptoSuite> {
  const poseidon = await createPoseidon(options.poseidon);
  return { poseidon, eddsa: createEddsa(poseidon) };
}
