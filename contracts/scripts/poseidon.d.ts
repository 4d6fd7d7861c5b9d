/** Types of `poseidon.js` (the Poseidon hasher contracts of poseidon-solidity, as the build ships them). */
import type { CompiledContract } from './compile';

/** The shipped hashers and the interface whose ABI each takes. */
export declare const HASHERS: readonly { readonly name: 'PoseidonT3' | 'PoseidonT5'; readonly interface: 'IPoseidon2' | 'IPoseidon4' }[];

/** poseidon-solidity's `PoseidonT3` and `PoseidonT5`: the ABIs of `interfaces` (by interface name), the package's bytecode. */
export declare function poseidonContracts(interfaces: Readonly<Record<string, CompiledContract['abi']>>): {
  PoseidonT3: CompiledContract;
  PoseidonT5: CompiledContract;
};
